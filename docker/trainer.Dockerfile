# The trainer (train, eval, serve). Build from the repository root:
#   CPU:  docker build -f docker/trainer.Dockerfile -t clusterstream/trainer:0.1.0-cpu .
#   CUDA: docker build -f docker/trainer.Dockerfile --build-arg VARIANT=cuda -t clusterstream/trainer:0.1.0-cuda .
# Maven Central has no CUDA build of DJL's pytorch-native for PyTorch 2.7.1, but the pinned pytorch-jni
# 2.7.1-0.35.0 carries a cu128 JNI library. The CUDA variant therefore drops pytorch-native-cpu and points DJL at
# the libtorch of PyTorch's own 2.7.1+cu128 wheel (PYTORCH_LIBRARY_PATH/VERSION/FLAVOR); nothing downloads at run time.
ARG VARIANT=cpu

FROM maven:3.9-eclipse-temurin-17 AS build
ARG VARIANT
WORKDIR /src
COPY pom.xml .
COPY .mvn .mvn
COPY schemas schemas
COPY core core
COPY deploy/pom.xml deploy/pom.xml
COPY local/pom.xml local/pom.xml
COPY stream-app/pom.xml stream-app/pom.xml
COPY trainer trainer
RUN mvn -B -ntp -q -pl trainer -am package dependency:copy-dependencies -DskipTests -DincludeScope=runtime \
        -DoutputDirectory=/out/lib \
 && cp trainer/target/clusterstream-trainer-*.jar /out/lib/ \
 && if [ "$VARIANT" = cuda ]; then rm /out/lib/pytorch-native-cpu-*.jar; fi

FROM eclipse-temurin:17-jre AS runtime-cpu
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04 AS runtime-cuda
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless python3-pip \
 && rm -rf /var/lib/apt/lists/* \
 && pip3 install --no-cache-dir --target /opt/torch torch==2.7.1 --index-url https://download.pytorch.org/whl/cu128
ENV PYTORCH_LIBRARY_PATH=/opt/torch/torch/lib PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 \
    LD_LIBRARY_PATH=/opt/torch/torch/lib

FROM runtime-${VARIANT}
RUN useradd --system --uid 10001 --create-home clusterstream \
 && mkdir /snapshots && chown 10001 /snapshots
COPY --from=build /out/lib/ /opt/clusterstream/lib/
USER 10001
WORKDIR /home/clusterstream
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-Dclusterstream.data.dir=/data", \
            "-cp", "/opt/clusterstream/lib/*", "io.clusterstream.trainer.TrainerMain"]
CMD ["--help"]
