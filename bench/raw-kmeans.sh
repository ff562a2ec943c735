#!/usr/bin/env bash
# The floor every clustering method must beat: k-means on (average-pooled) raw pixels, trained and scored on
# the papers' train+test protocol, for CIFAR-10 and Fashion-MNIST. Prints ACC/NMI/ARI and wall time.
#   bench/raw-kmeans.sh [STORE_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
store="${1:-$(mktemp -d)}"
bash "$root/scripts/fetch-data.sh" >&2
run() { # name data pool
  local start end
  start=$(date +%s.%N)
  "$root/scripts/trainer.sh" train --data "$2" --split ALL --pool "$3" --restarts 3 --seed 0 \
      --store "$store" --model-id "$1" >/dev/null
  end=$(date +%s.%N)
  "$root/scripts/trainer.sh" eval --data "$2" --split ALL --store "$store" --model-id "$1" --json "$store/$1.json" >/dev/null 2>&1
  printf '%-14s %-14s pool %d  train %6.1f s  %s\n' "$1" "$2" "$3" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$(cat "$store/$1.json")"
}
run cifar10-raw cifar10 4
run fmnist-raw fashion-mnist 2
