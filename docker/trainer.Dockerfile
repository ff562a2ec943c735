# The trainer (train, eval, serve). Build from the repository root:
#   CPU:  docker build -f docker/trainer.Dockerfile -t clusterstream/trainer:0.1.0-cpu .
#   CUDA: docker build -f docker/trainer.Dockerfile --build-arg VARIANT=cuda -t clusterstream/trainer:0.1.0-cuda .
# The CUDA variant swaps DJL's pytorch-native-cpu for pytorch-native-cu128 (same PyTorch 2.7.1, same JNI
# 2.7.1-0.35.0) and runs on the CUDA 12.8 runtime image; with -Dai.djl.offline=true nothing downloads at run time.
ARG VARIANT=cpu

FROM maven:3.9-eclipse-temurin-17 AS build
ARG VARIANT
WORKDIR /src
COPY pom.xml .
COPY .mvn .mvn
COPY schemas schemas
COPY core core
COPY deploy/pom.xml deploy/pom.xml
COPY stream-app/pom.xml stream-app/pom.xml
COPY trainer trainer
RUN mvn -B -ntp -q -pl trainer -am package dependency:copy-dependencies -DskipTests -DincludeScope=runtime \
        -DoutputDirectory=/out/lib \
 && cp trainer/target/clusterstream-trainer-*.jar /out/lib/ \
 && if [ "$VARIANT" = cuda ]; then \
      rm /out/lib/pytorch-native-cpu-*.jar && \
      mvn -B -ntp -q -pl trainer dependency:copy -DoutputDirectory=/out/lib \
          -Dartifact=ai.djl.pytorch:pytorch-native-cu128:2.7.1:jar:linux-x86_64; \
    fi

FROM eclipse-temurin:17-jre AS runtime-cpu
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04 AS runtime-cuda
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*

FROM runtime-${VARIANT}
RUN useradd --system --uid 10001 --create-home clusterstream \
 && mkdir /snapshots && chown 10001 /snapshots
COPY --from=build /out/lib/ /opt/clusterstream/lib/
USER 10001
WORKDIR /home/clusterstream
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-Dclusterstream.data.dir=/data", \
            "-cp", "/opt/clusterstream/lib/*", "io.clusterstream.trainer.TrainerMain"]
CMD ["--help"]
