#!/usr/bin/env bash
# Wall time of one CIFAR-10 epoch of our MiCE at the paper's scale (ResNet-34 at full width, CIFAR stem, batch 32,
# queue 16384, three views + EMA teacher), extrapolated from STEPS training steps on real CIFAR-10 images, against
# the official PyTorch code's ~3 h per CIFAR-10 epoch measured on this machine (60,000 train+test images,
# drop_last: 1875 steps of 32). Two epochs of STEPS steps run; only the second is timed, because the first steps
# of a run pay PyTorch's one-off kernel set-up (several times the steady cost per step).
#   bench/mice-epoch-time.sh [STEPS=20]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
steps="${1:-20}"
official_seconds=10800
store="$(mktemp -d)"
bash "$root/scripts/fetch-data.sh" >/dev/null 2>&1
echo "# $(date -u +%FT%TZ)  uptime: $(uptime)"
"$root/scripts/trainer.sh" train --algorithm MICE --data cifar10 --split ALL --limit $((32 * steps)) --epochs 2 \
    --depth 34 --width 1.0 --batch-size 32 --queue 16384 --threads 1 --seed 0 --store "$store" --model-id mice-timing \
    --max-cluster-share 1.0 >"$store/train.log" 2>&1 || true
line="$(grep -a -o 'MICE epoch 2/2: .*s/step' "$store/train.log" || true)"
if [[ -z "$line" ]]; then
  echo "the timing run failed; see $store/train.log" >&2
  tail -5 "$store/train.log" >&2
  exit 1
fi
per_step="$(sed -E 's/.* ([0-9.]+) s\/step/\1/' <<<"$line")"
awk -v s="$per_step" -v n="$steps" -v o="$official_seconds" 'BEGIN {
  epoch = s * 1875
  printf "measured: %d steps of batch 32 after %d warm-up steps, %.3f s/step (%s)\n", n, n, s, "ResNet-34 w1.0, CIFAR stem, queue 16384"
  printf "extrapolated CIFAR-10 epoch (1875 steps): %.0f s = %.2f h\n", epoch, epoch / 3600
  printf "official MiCE code on this machine: ~%.0f s = 3 h per epoch\n", o
  printf "ratio ours / official: %.2fx (below 1 = faster)\n", epoch / o
}'
