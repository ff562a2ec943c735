#!/usr/bin/env bash
# Augmentation cost benchmark: views per second on one thread for each training method's augmentation policy at
# 32x32 (CIFAR-10 fixture), against the serving preprocessing alone measured in the same run, the implied share of a
# training step, and the BatchPipeline's delivered rate with one worker. Figures on standard output. See
# docs/benchmarks.md ("Augmentation cost").
#
#   bench/augment-cost.sh                                   # ~50 s
#   BENCH_OPTS="-Dbench.rounds=11" bench/augment-cost.sh
#
# Settings (system properties in BENCH_OPTS): bench.rounds (7), bench.seconds per round and
# policy (1), bench.warmup.seconds (2). JAVA_OPTS sets the JVM
# (default -Xmx1g). MVN_ARGS adds Maven flags (e.g. -o). Needs Java 17+ and Maven 3.8+; no data download.
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file=trainer/target/bench.classpath
# Compile the reactor up to trainer's tests and write trainer's test classpath (schemas and core resolve to their
# target/ folders, so nothing needs installing). -DskipTests also skips the data-set fetch.
mvn -B -q ${MVN_ARGS:-} -pl trainer -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
if [ ! -s "$classpath_file" ]; then
    echo "no classpath written to $classpath_file" >&2
    exit 1
fi

exec java ${JAVA_OPTS:--Xmx1g} -Djava.awt.headless=true ${BENCH_OPTS:-} \
    -cp "trainer/target/test-classes:trainer/target/classes:$(cat "$classpath_file")" \
    io.clusterstream.trainer.augment.bench.AugmentCostBenchmark
