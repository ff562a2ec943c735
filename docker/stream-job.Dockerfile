# The clustering job on the official Flink image. Build from the repository root:
#   docker build -f docker/stream-job.Dockerfile -t clusterstream/stream-job:0.1.0 .
# Run it as a Flink application (compose: `standalone-job`; Kubernetes: the operator's FlinkDeployment).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY .mvn .mvn
COPY schemas schemas
COPY core core
COPY deploy/pom.xml deploy/pom.xml
COPY local/pom.xml local/pom.xml
COPY trainer/pom.xml trainer/pom.xml
COPY stream-app stream-app
# Flink itself, its logging and the Prometheus reporter come with the image (reporter as a plugin); the Kafka
# connector, DJL/ONNX Runtime and clusterstream go to lib/, so ONNX Runtime's native library loads once per JVM.
RUN mvn -B -ntp -q -pl stream-app -am package dependency:copy-dependencies -DskipTests -DincludeScope=runtime \
        -DexcludeGroupIds=org.apache.flink,org.apache.logging.log4j,org.slf4j -DoutputDirectory=/out/lib \
 && mvn -B -ntp -q -pl stream-app dependency:copy -DoutputDirectory=/out/lib \
        -Dartifact=org.apache.flink:flink-connector-kafka:5.0.0-2.2 \
 && cp stream-app/target/clusterstream-stream-app-*.jar /out/clusterstream-stream-app.jar

FROM flink:2.2.0-java17
COPY --from=build /out/lib/ /opt/flink/lib/
COPY --from=build /out/clusterstream-stream-app.jar /opt/flink/usrlib/clusterstream-stream-app.jar
# Flink's own S3 file system (checkpoints and savepoints in MinIO/S3) is enabled per container with
# ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-presto-2.2.0.jar; the snapshot store is a mounted folder.
ENV JAVA_TOOL_OPTIONS="-Dai.djl.offline=true -Djava.awt.headless=true"
