#!/usr/bin/env bash
# Clustering quality of every method at the same CPU budget and backbone: raw-pixel k-means, SimCLR+k-means, CC, MiCE,
# MIX'EM and TCC, on a seeded-order subset (the first IMAGES of train+test) of CIFAR-10 and of Fashion-MNIST. Each
# learned method trains until the epoch in which its trainer process has used BUDGET CPU minutes (all threads), so
# rows are comparable even when other work shares the machine; then `trainer eval` serves its snapshot over the same
# images exactly as the stream job would. Prints one row per run: ACC/NMI/ARI, epochs, backbone, training wall and CPU
# seconds, training images/s (wall), and the method's extra figures (MiCE posterior, MIX'EM variants).
#   bench/quality.sh [BUDGET_CPU_MINUTES=3] [IMAGES=5000] [DEPTH=18] [WIDTH=0.25]
# Environment: DATASETS="cifar10 fashion-mnist", ALGORITHMS="RAW_KMEANS SIMCLR_KMEANS CC MICE MIXEM TCC" pick rows;
# EXTRA="…" adds trainer options to every learned row (e.g. an ablation switch); TORCH_THREADS (default 1) sets
# PyTorch's intra-op threads — one thread per process trains faster per CPU second at these widths.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
budget="${1:-3}" images="${2:-5000}" depth="${3:-18}" width="${4:-0.25}"
store="$(mktemp -d)"
export JAVA_OPTS="${JAVA_OPTS:-} -Dai.djl.pytorch.num_threads=${TORCH_THREADS:-1} -Dai.djl.pytorch.num_interop_threads=1"
export OMP_NUM_THREADS="${TORCH_THREADS:-1}"
bash "$root/scripts/fetch-data.sh" >/dev/null 2>&1
echo "# $(date -u +%FT%TZ)  budget ${budget} CPU min  images ${images}  backbone resnet${depth} w${width}  torch threads ${TORCH_THREADS:-1}  extra '${EXTRA:-}'  store ${store}"
echo "# uptime: $(uptime)"
row() { printf '%-14s %-14s %7s %7s %7s %6s  %-24s %7s %7s %7s  %s\n' "$@"; }
row data algorithm ACC NMI ARI epochs backbone "train s" "CPU s" "img/s" note
run() { # data algorithm [extra trainer options...]
  local data="$1" algorithm="$2"; shift 2
  local id="${data}-${algorithm,,}" note="" report manifest
  if ! "$root/scripts/trainer.sh" train --data "$data" --split ALL --limit "$images" --algorithm "$algorithm" \
      --seed 0 --store "$store" --model-id "$id" --max-cluster-share 1.0 "$@" >"$store/$id.train.log" 2>&1; then
    note="not published: $(grep -m1 -o 'quality gate refused.*' "$store/$id.train.log" || tail -1 "$store/$id.train.log")"
    row "$data" "$algorithm" - - - - - - - - "$note"
    return
  fi
  "$root/scripts/trainer.sh" eval --data "$data" --split ALL --limit "$images" --store "$store" --model-id "$id" \
      --json "$store/$id.json" >/dev/null 2>&1
  manifest="$(ls -d "$store/$id"/v* | tail -1)/manifest.json"
  report="$(jq -r '[.scores.acc // .acc, .scores.nmi // .nmi, .scores.ari // .ari] | map(. * 10000 | round / 10000) | @tsv' "$store/$id.json")"
  # shellcheck disable=SC2086
  row "$data" "$algorithm" $report \
      "$(jq -r '.training.epochs // 0' "$manifest")" \
      "$(jq -r '.training.backbone // "raw pixels"' "$manifest")" \
      "$(jq -r '.training.training_seconds // 0 | round' "$manifest")" \
      "$(jq -r '.training.training_cpu_seconds // 0 | round' "$manifest")" \
      "$(jq -r '.training.images_per_second // 0 | round' "$manifest")" \
      "$(jq -r '.training.hyperparameters // {} | to_entries | map(select(.key | test("(_acc|_nmi|_ari)$"))) | map("\(.key)=\(.value)") | join(" ")' "$manifest")"
}
for data in ${DATASETS:-cifar10 fashion-mnist}; do
  pool=4; [[ "$data" == fashion-mnist ]] && pool=2
  for algorithm in ${ALGORITHMS:-RAW_KMEANS SIMCLR_KMEANS CC MICE MIXEM TCC}; do
    if [[ "$algorithm" == RAW_KMEANS ]]; then
      run "$data" RAW_KMEANS --pool "$pool" --restarts 10
    else
      # shellcheck disable=SC2086
      run "$data" "$algorithm" --epochs 10000 --budget-cpu-minutes "$budget" --depth "$depth" --width "$width" --threads 1 ${EXTRA:-}
    fi
  done
done
