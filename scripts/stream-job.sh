#!/usr/bin/env bash
# Runs the clustering job in this JVM (an embedded Flink MiniCluster) against an existing Kafka cluster.
#   scripts/stream-job.sh --bootstrap-servers host:9092 --snapshot-store /path/to/store [options]
#   scripts/stream-job.sh --help
# Builds stream-app first when needed. To run on a Flink cluster instead, see README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classpath_file="$root/stream-app/target/runtime-classpath.txt"
if [[ ! -f "$classpath_file" || -n "$(find "$root"/{schemas,core,stream-app}/src "$root/pom.xml" -newer "$classpath_file" -print -quit)" ]]; then
  echo "stream-job: building stream-app ..." >&2
  mvn -B -q -f "$root/pom.xml" -pl stream-app -am package dependency:build-classpath \
      -DskipTests -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >&2
fi
exec java -Dai.djl.offline=true -Djava.awt.headless=true \
  -cp "$root/stream-app/target/classes:$(cat "$classpath_file")" \
  io.clusterstream.stream.StreamJobMain "$@"
