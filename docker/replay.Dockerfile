# The local mode's image source (clusterstream-replay): CIFAR-10 test images to the images topic, with a scheduled
# shift of the class mix. Build from the repository root:
#   docker build -f docker/replay.Dockerfile -t clusterstream/replay:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY .mvn .mvn
COPY schemas schemas
COPY core core
COPY deploy/pom.xml deploy/pom.xml
COPY trainer/pom.xml trainer/pom.xml
COPY stream-app/pom.xml stream-app/pom.xml
COPY local local
RUN mvn -B -ntp -q -pl local -am package dependency:copy-dependencies -DskipTests -DincludeScope=runtime \
        -DoutputDirectory=/out/lib \
 && cp local/target/clusterstream-local-*.jar /out/lib/

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home clusterstream
COPY --from=build /out/lib/ /opt/clusterstream/lib/
USER 10001
WORKDIR /home/clusterstream
ENTRYPOINT ["java", "-Djava.awt.headless=true", "-Dclusterstream.data.dir=/data", \
            "-cp", "/opt/clusterstream/lib/*", "io.clusterstream.local.ReplayMain"]
CMD ["--help"]
