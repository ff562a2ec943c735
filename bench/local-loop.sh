#!/usr/bin/env bash
# Closed-loop latency of the local mode: class shift -> drift alert -> refit request -> new snapshot announced ->
# first committed assignment of the new version, with the real broker, trainer, stream job and control app JVMs and
# real CIFAR-10. Prints a table on standard output (the live summary and logs go to standard error). See
# docs/benchmarks.md.
#
#   bench/local-loop.sh                                              # ~2 min
#   BENCH_OPTS="-Dbench.refit.images=5000 -Dbench.rate=100" bench/local-loop.sh
#
# Settings: bench.rate (60), bench.window.seconds (5), bench.windows (2), bench.refit.images (2000),
# bench.shift.seconds (30). MVN_ARGS adds Maven flags. Needs data/cifar10 (scripts/fetch-data.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_ARGS:-} -pl trainer,stream-app,local -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
classpath() { printf '%s/%s/target/classes:%s' "$PWD" "$1" "$(cat "$1/target/runtime-classpath.txt")"; }
exec java -Xmx1g -Dai.djl.offline=true -Djava.awt.headless=true \
    -Dclusterstream.data.dir="${CLUSTERSTREAM_DATA_DIR:-$PWD/data}" ${BENCH_OPTS:-} \
    -Dbench.trainer.classpath="$(classpath trainer)" -Dbench.stream.classpath="$(classpath stream-app)" \
    -cp "local/target/test-classes:local/target/classes:$(cat local/target/bench.classpath)" \
    io.clusterstream.local.LocalLoopBenchmark
