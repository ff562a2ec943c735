#!/usr/bin/env bash
# Refit benchmark: trainer serve's refit (read the newest N images from Kafka, fit, align, gate, publish, announce)
# against its peer, the same fit on the same number of images already in memory, in one run. Real CIFAR-10 test
# images on an in-process broker. Prints a table on standard output. See docs/benchmarks.md.
#
#   bench/refit.sh                                        # sizes 500..10000, restarts 1,3,10; ~2-4 min
#   BENCH_OPTS="-Dbench.sizes=1000,5000 -Dbench.restarts=3" bench/refit.sh
#
# JAVA_OPTS sets the JVM (default -Xmx3g); MVN_ARGS adds Maven flags. Needs data/cifar10 (scripts/fetch-data.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
classpath_file=trainer/target/bench.classpath
mvn -B -q ${MVN_ARGS:-} -pl trainer -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java ${JAVA_OPTS:--Xmx3g} -Dai.djl.offline=true -Djava.awt.headless=true \
    -Dclusterstream.data.dir="${CLUSTERSTREAM_DATA_DIR:-$PWD/data}" ${BENCH_OPTS:-} \
    -cp "trainer/target/test-classes:trainer/target/classes:$(cat "$classpath_file")" \
    io.clusterstream.trainer.bench.RefitBenchmark
