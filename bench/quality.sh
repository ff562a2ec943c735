#!/usr/bin/env bash
# Clustering quality of every method at the same time budget and backbone: raw-pixel k-means, SimCLR+k-means, CC
# and MiCE, on a seeded-order subset (the first IMAGES of train+test) of CIFAR-10 and of Fashion-MNIST. Each learned
# method trains until the epoch in which BUDGET minutes have passed, then `trainer eval` serves its snapshot over the
# same images exactly as the stream job would. Prints one row per run: ACC/NMI/ARI, epochs, backbone, wall time.
#   bench/quality.sh [BUDGET_MINUTES=3] [IMAGES=5000] [DEPTH=18] [WIDTH=0.25]
# DATASETS="cifar10 fashion-mnist" and ALGORITHMS="RAW_KMEANS SIMCLR_KMEANS CC MICE" (environment) pick rows.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
budget="${1:-3}" images="${2:-5000}" depth="${3:-18}" width="${4:-0.25}"
store="$(mktemp -d)"
bash "$root/scripts/fetch-data.sh" >/dev/null 2>&1
echo "# $(date -u +%FT%TZ)  budget ${budget} min  images ${images}  backbone resnet${depth} w${width}  store ${store}"
echo "# uptime: $(uptime)"
printf '%-14s %-14s %7s %7s %7s %7s  %-32s %9s  %s\n' data algorithm ACC NMI ARI epochs backbone "wall s" note
run() { # data algorithm [extra trainer options...]
  local data="$1" algorithm="$2"; shift 2
  local id="${data}-${algorithm,,}" start end wall note="" report
  start=$(date +%s.%N)
  if ! "$root/scripts/trainer.sh" train --data "$data" --split ALL --limit "$images" --algorithm "$algorithm" \
      --seed 0 --store "$store" --model-id "$id" --max-cluster-share 1.0 "$@" >"$store/$id.train.log" 2>&1; then
    note="not published: $(grep -m1 -o 'quality gate refused.*' "$store/$id.train.log" || tail -1 "$store/$id.train.log")"
  fi
  end=$(date +%s.%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
  if [[ -z "$note" ]]; then
    "$root/scripts/trainer.sh" eval --data "$data" --split ALL --limit "$images" --store "$store" --model-id "$id" \
        --json "$store/$id.json" >/dev/null 2>&1
    local manifest
    manifest="$(ls -d "$store/$id"/v* | tail -1)/manifest.json"
    report="$(jq -r '[.scores.acc // .acc, .scores.nmi // .nmi, .scores.ari // .ari] | map(. * 10000 | round / 10000) | @tsv' "$store/$id.json")"
    local epochs backbone posterior
    epochs=$(jq -r '.training.epochs // 0' "$manifest")
    backbone=$(jq -r '.training.backbone // ""' "$manifest")
    posterior=$(jq -r '.training.hyperparameters.posterior_acc // empty' "$manifest")
    [[ -n "$posterior" ]] && note="posterior ACC (frozen queue, trainer) ${posterior}"
    printf '%-14s %-14s %7s %7s %7s %7s  %-32s %9s  %s\n' "$data" "$algorithm" $report "$epochs" "$backbone" "$wall" "$note"
  else
    printf '%-14s %-14s %7s %7s %7s %7s  %-32s %9s  %s\n' "$data" "$algorithm" - - - - - "$wall" "$note"
  fi
}
for data in ${DATASETS:-cifar10 fashion-mnist}; do
  pool=4; [[ "$data" == fashion-mnist ]] && pool=2
  for algorithm in ${ALGORITHMS:-RAW_KMEANS SIMCLR_KMEANS CC MICE}; do
    if [[ "$algorithm" == RAW_KMEANS ]]; then
      run "$data" RAW_KMEANS --pool "$pool" --restarts 10
    else
      run "$data" "$algorithm" --epochs 10000 --budget-minutes "$budget" --depth "$depth" --width "$width" --threads 1
    fi
  done
done
