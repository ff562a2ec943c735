#!/usr/bin/env bash
# Stream job benchmark: the clustering job (in-process Kafka broker + Flink MiniCluster, one JVM) against its peer,
# the same ONNX encoder called directly through core's OnnxEncoder, all measured in this one run.
# Prints a table of figures on standard output (progress and logs on standard error). See docs/benchmarks.md.
#
#   bench/stream-throughput.sh                      # defaults: 20,000 events, parallelism 1 and 2, ~4-6 min
#   BENCH_OPTS="-Dbench.events=5000" bench/stream-throughput.sh
#
# Settings (system properties in BENCH_OPTS): bench.events, bench.parallelisms (1,2), bench.peer.seconds (5),
# bench.warmup.seconds (5), bench.latency.seconds (20), bench.swap.seconds (10). JAVA_OPTS sets the JVM (default -Xmx4g).
# MVN_ARGS adds Maven flags (e.g. -o). Needs Java 17+ and Maven 3.8+; no data download (the CIFAR-10 fixture is in
# core's test resources).
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file=stream-app/target/bench.classpath
# Compile the reactor up to stream-app's tests and write stream-app's test classpath; the reactor resolves schemas
# and core (and core's test-jar, for the fixture) to their target/ folders, so nothing needs installing.
# -DskipTests also skips the data-set fetch.
mvn -B -q ${MVN_ARGS:-} -pl stream-app -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
if [ ! -s "$classpath_file" ]; then
    echo "no classpath written to $classpath_file" >&2
    exit 1
fi

exec java ${JAVA_OPTS:--Xmx4g} \
    -Dai.djl.offline=true -Djava.awt.headless=true ${BENCH_OPTS:-} \
    -cp "stream-app/target/test-classes:stream-app/target/classes:$(cat "$classpath_file")" \
    io.clusterstream.stream.bench.StreamThroughputBenchmark
