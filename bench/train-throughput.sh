#!/usr/bin/env bash
# Training throughput: the trainer's ResNet-18 (width 0.25, CIFAR stem) + projection, NT-Xent on two augmented views
# of CIFAR-10 images, B=256, 2 threads, in Java/DJL (TrainThroughputBenchmark, trainer test sources) and in Python
# torch (bench/torch_reference.py, Debian's python3-torch under /usr/bin/python3) on the same images, one after the
# other, ROUNDS times alternately in this run; prints both rates, each round's ratio and the median. See docs/benchmarks.md, "Training throughput".
#
#   bench/train-throughput.sh                        # defaults: 2 rounds of 10 timed steps after 2 warm-up steps
#   STEPS=20 BATCH=256 THREADS=2 ROUNDS=3 bench/train-throughput.sh
#
# JAVA_OPTS sets the JVM (default -Xmx4g); MVN_ARGS adds Maven flags (e.g. -o). Needs the CIFAR-10 data
# (scripts/fetch-data.sh) and `apt-get install -y python3-torch`.
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${STEPS:-10}"
batch="${BATCH:-256}"
threads="${THREADS:-2}"
warmup="${WARMUP:-2}"
rounds="${ROUNDS:-2}"

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo "the peer needs Debian's python3-torch: apt-get install -y python3-torch" >&2
    exit 1
fi
bash scripts/fetch-data.sh >&2

classpath_file=trainer/target/bench.classpath
mvn -B -q ${MVN_ARGS:-} -pl trainer -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
if [ ! -s "$classpath_file" ]; then
    echo "no classpath written to $classpath_file" >&2
    exit 1
fi

pool_file="$(mktemp --suffix=.f32)"
trap 'rm -f "$pool_file"' EXIT

run_java() {
    OMP_NUM_THREADS="$threads" java ${JAVA_OPTS:--Xmx4g} \
        -Dai.djl.offline=true -Djava.awt.headless=true \
        -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
        -Dclusterstream.data.dir="$PWD/data" \
        -Dbench.batch="$batch" -Dbench.steps="$steps" -Dbench.warmup="$warmup" -Dbench.dump="$pool_file" \
        -cp "trainer/target/test-classes:trainer/target/classes:$(cat "$classpath_file")" \
        io.clusterstream.trainer.bench.TrainThroughputBenchmark
}
run_torch() {
    OMP_NUM_THREADS="$threads" /usr/bin/python3 bench/torch_reference.py "$pool_file" \
        --batch "$batch" --steps "$steps" --warmup "$warmup" --threads "$threads"
}

# The host is shared, so the two run alternately, ROUNDS times, each ratio from one adjacent pair.
ratios=()
for round in $(seq 1 "$rounds"); do
    echo "round $round, load before java: $(uptime)"
    java_out="$(run_java)"
    echo "$java_out"
    echo "round $round, load before torch: $(uptime)"
    torch_out="$(run_torch)"
    echo "$torch_out"
    java_rate="$(sed -n 's/^java-djl images\/s: //p' <<<"$java_out")"
    torch_rate="$(sed -n 's/^python-torch images\/s: //p' <<<"$torch_out")"
    ratio="$(awk -v j="$java_rate" -v t="$torch_rate" 'BEGIN { printf "%.2f", j / t }')"
    ratios+=("$ratio")
    echo "round $round ratio java-djl / python-torch: $ratio"
done
echo "load after: $(uptime)"
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1 } END { printf "ratios java-djl / python-torch: %d rounds, median %.2f (min %.2f, max %.2f)\n", NR, (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2), r[1], r[NR] }'
