# The Kafka Streams control app (tags, drift-triggered refit requests, cluster catalog). Build from the root:
#   docker build -f docker/control-app.Dockerfile -t clusterstream/control-app:0.1.0 .
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
RUN mvn -B -ntp -q -pl stream-app -am package dependency:copy-dependencies -DskipTests -DincludeScope=runtime \
        -DoutputDirectory=/out/lib \
 && cp stream-app/target/clusterstream-stream-app-*.jar /out/lib/

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home clusterstream \
 && mkdir /state && chown 10001 /state
COPY --from=build /out/lib/ /opt/clusterstream/lib/
USER 10001
WORKDIR /home/clusterstream
EXPOSE 8089 9401
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-Djava.awt.headless=true", \
            "-cp", "/opt/clusterstream/lib/*", "io.clusterstream.stream.control.ControlAppMain"]
CMD ["--help"]
