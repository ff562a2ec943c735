#!/usr/bin/env bash
# TCC on the first 5,000 CIFAR-10 images (what TccIT trains on: ResNet-18 CIFAR stem at width 0.25, 18 epochs, the
# trainer's TCC defaults, one libtorch thread) over seeds, two runs at a time, next to raw-pixel k-means on the same
# images. Prints per run the served ACC/NMI/ARI, the largest epoch-to-epoch rise of the loss after the second epoch
# (a collapse shows as a rise of 3% or more), the loss-spike guard's roll-backs and the epoch whose model was returned.
#   bench/tcc-5k-seeds.sh [SEEDS="0 1 2 3"] [EPOCHS=18]
# Environment: GUARD=F sets --loss-spike-tolerance (default: the trainer's, 0.03 for TCC; 0 turns the guard off),
#   PARALLEL=N runs at a time (default 2), LIMIT=N images (default 5000), EXTRA="..." more trainer options (e.g.
#   "--tcc-teacher-momentum 0.999", the value before the default became 0.99).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seeds="${1:-0 1 2 3}" epochs="${2:-18}" parallel="${PARALLEL:-2}" limit="${LIMIT:-5000}"
store="$(mktemp -d)"
export JAVA_OPTS="${JAVA_OPTS:-} -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"
export OMP_NUM_THREADS=1
bash "$root/scripts/fetch-data.sh" >/dev/null 2>&1
data=(--data cifar10 --split ALL --limit "$limit")
guard=()
[[ -n "${GUARD:-}" ]] && guard=(--loss-spike-tolerance "$GUARD")
read -r -a extra <<<"${EXTRA:-}"
echo "# $(date -u +%FT%TZ)  TCC on ${limit} CIFAR-10 images, ${epochs} epochs, seeds ${seeds}, ${parallel} at a time," \
     "guard ${GUARD:-default}, options ${EXTRA:-none}, store ${store}"
echo "# uptime: $(uptime)"
# build once before runs start side by side
"$root/scripts/trainer.sh" help train >/dev/null
"$root/scripts/trainer.sh" train "${data[@]}" --algorithm RAW_KMEANS --pool 4 --restarts 10 --seed 0 --store "$store" \
    --model-id raw >"$store/raw.log" 2>&1
train() {
  local seed="$1"
  "$root/scripts/trainer.sh" train "${data[@]}" --algorithm TCC --seed "$seed" --epochs "$epochs" --depth 18 --width 0.25 \
      --threads 1 --max-cluster-share 1.0 --min-clusters 0 "${guard[@]}" "${extra[@]}" --store "$store" --model-id "tcc-s$seed" \
      >"$store/tcc-s$seed.log" 2>&1
}
running=0
for seed in $seeds; do
  train "$seed" &
  running=$((running + 1))
  if ((running == parallel)); then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true
score() { # model id -> ACC NMI ARI of the served model
  "$root/scripts/trainer.sh" eval "${data[@]}" --store "$store" --model-id "$1" --json "$store/$1.json" >/dev/null 2>&1
  jq -r '[(.acc, .nmi, .ari | . * 10000 | round / 10000)] | @tsv' "$store/$1.json"
}
row() { printf '%-6s %7s %7s %7s %9s %10s %9s\n' "$@"; }
row seed ACC NMI ARI "max rise" roll-backs returned
# shellcheck disable=SC2046
row raw $(score raw) - - -
for seed in $seeds; do
  log="$store/tcc-s$seed.log"
  rise=$(grep -ao 'epoch [0-9]*/[0-9]*: loss [-0-9.]*' "$log" | awk '{split($2, e, "/"); l[e[1]] = $4}
      END {m = 0; for (i = 3; i in l; i++) {r = (l[i] - l[i-1]) / l[i-1]; if (r > m) m = r}; printf "%.1f%%", 100 * m}')
  rollbacks=$(grep -ac 'rolling back' "$log" || true)
  returned=$(grep -ao 'the model returned is the checkpoint of epoch [0-9]*' "$log" | awk '{print $NF}' || true)
  # shellcheck disable=SC2046
  row "$seed" $(score "tcc-s$seed") "$rise" "$rollbacks" "${returned:-last}"
done
