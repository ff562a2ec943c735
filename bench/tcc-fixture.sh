#!/usr/bin/env bash
# TCC on the build's real-image fixture (the first 300 CIFAR-10 test images) with the fixture settings (ResNet-18 CIFAR
# stem at width 0.125, batch 32, Adam lr 3e-3, queue 256, one libtorch thread), over seeds and over the two values
# TCC deviates from the reconstruction on: the cluster-contrast temperature τ_c and the KL weight β. Prints per run
# the served model's ACC/NMI/ARI, the number of non-empty clusters, the largest cluster's share and the cluster sizes,
# next to raw-pixel k-means on the same images. Every run is published whatever its clusters (the quality gate is
# opened), so collapsed models show up in the figures instead of as refusals.
#   bench/tcc-fixture.sh [EPOCHS=30] [SEEDS="0 1 2"]
# Environment: CONFIGS="tauc:beta ..." (default "1.0:1.0 1.0:0.1 0.5:0.1", the reconstruction's values first);
# MOMENTUM, the teacher momentum (default 0.999, the value the first figures were measured at; the trainer's is 0.99);
# EXTRA, more trainer options for every TCC run (e.g. "--crop-min-scale 0.5").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
epochs="${1:-30}" seeds="${2:-0 1 2}"
store="$(mktemp -d)"
export JAVA_OPTS="${JAVA_OPTS:-} -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"
export OMP_NUM_THREADS=1
bash "$root/scripts/fetch-data.sh" >/dev/null 2>&1
data=(--data cifar10 --split TEST --limit 300)
echo "# $(date -u +%FT%TZ)  TCC on the 300-image fixture, ${epochs} epochs, seeds ${seeds}, momentum ${MOMENTUM:-0.999}, extra [${EXTRA:-}], store ${store}"
echo "# uptime: $(uptime)"
row() { printf '%-8s %-6s %-5s %7s %7s %7s %9s %9s  %s\n' "$@"; }
row "tau_c" beta seed ACC NMI ARI non-empty "max share" sizes
score() { # model id -> row fields from trainer eval's JSON
  "$root/scripts/trainer.sh" eval "${data[@]}" --store "$store" --model-id "$1" --json "$store/$1.json" >/dev/null 2>&1
  jq -r '[(.acc, .nmi, .ari | . * 10000 | round / 10000), ([.cluster_sizes[] | select(. > 0)] | length),
          ((.cluster_sizes | max) / .n * 1000 | round / 1000), (.cluster_sizes | map(tostring) | join(","))] | @tsv' "$store/$1.json"
}
"$root/scripts/trainer.sh" train "${data[@]}" --algorithm RAW_KMEANS --pool 4 --restarts 10 --seed 0 --store "$store" --model-id raw \
    >"$store/raw.log" 2>&1
# shellcheck disable=SC2046
row - - - $(score raw)
for config in ${CONFIGS:-1.0:1.0 1.0:0.1 0.5:0.1}; do
  tauc="${config%%:*}" beta="${config#*:}"
  for seed in $seeds; do
    id="tcc-t${tauc}-b${beta}-s${seed}"
    # shellcheck disable=SC2086  # EXTRA is a list of options
    "$root/scripts/trainer.sh" train "${data[@]}" --algorithm TCC --seed "$seed" --epochs "$epochs" --batch-size 32 \
        --lr 3e-3 --depth 18 --width 0.125 --queue 256 --tcc-teacher-momentum "${MOMENTUM:-0.999}" --tcc-cluster-temperature "$tauc" --tcc-kl-weight "$beta" \
        --max-cluster-share 1.0 --min-clusters 0 --store "$store" --model-id "$id" ${EXTRA:-} >"$store/$id.log" 2>&1
    # shellcheck disable=SC2046
    row "$tauc" "$beta" "$seed" $(score "$id")
  done
done
