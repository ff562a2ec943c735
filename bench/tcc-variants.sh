#!/usr/bin/env bash
# Where TCC loses on the build's real-image fixture (the first 300 CIFAR-10 test images, the fixture settings: ResNet-18
# CIFAR stem at width 0.125, batch 32, Adam lr 3e-3, queue 256, one libtorch thread). For each variant and seed it
# prints the served model's ACC/NMI (argmax of the assignment head, as `trainer eval` serves it) next to spherical
# k-means (10 restarts) on the same encoder's L2-normalised features, which tells a weak representation from a weak
# head; SimCLR+k-means rows are the peer. The variants are diagnostic switches that bench/tcc-variants.patch adds as
# system properties in a scratch clone of HEAD; they are not trainer options:
#   tcc.m=M          teacher momentum (overrides --tcc-teacher-momentum, which this script sets to 0.999, the value its
#                    documented figures were measured at before the trainer's default became 0.99)
#   tcc.warmup=N     only the instance term for the first N steps (9 steps per epoch here)
#   tcc.sym=true     the instance ELBO in both directions (view 2 against the teacher's keys of view 1 as well)
#   tcc.detach=true  no gradient from the assignment head into the encoder
#   tcc.sgz=true     no gradient from the cluster contrast into the instance embeddings
#   tcc.alpha=A      instance ELBO on l2n(z_i + A·c_k) (default 1; 0 makes it plain InfoNCE)
#   tcc.sharednoise=true  one Gumbel draw for both views (the cluster's two "augmentations" differ only by the images')
#   tcc.nogumbel=true     c_k weighted by q itself, no Gumbel sample
#   tcc.bothviews=true    the entropy and KL terms averaged over both views' assignments
#   tcc.trace=true        per step: TRACE step instance cluster entropy kl total, the batch's largest mean assignment
#                         and mean pairwise cosine of z; MASS step, the smallest Gumbel-weight mass of a cluster and the
#                         smallest norm of Σ_i w_ik z_i (for `scripts/trainer.sh train` runs in the patched clone)
#   bench/tcc-variants.sh [EPOCHS=30] [SEEDS="0 1 2"]
# Environment: VARIANTS="name=-Dprop=value,-Dprop=value;..." (default below); INSTANCE_ONLY=0 skips the
# instance-term-only ablation (`--tcc-terms INSTANCE`), SIMCLR=0 the SimCLR+k-means peer, SIMCLR_EPOCHS (default 40,
# LearnedMethodsIT's) sets the peer's length.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
epochs="${1:-30}" seeds="${2:-0 1 2}"
variants="${VARIANTS:-base=;m0.99=-Dtcc.m=0.99;m0.9=-Dtcc.m=0.9;sym=-Dtcc.sym=true;detach=-Dtcc.detach=true;warmup=-Dtcc.warmup=135;m0.99+warmup=-Dtcc.m=0.99,-Dtcc.warmup=135;sgz+detach=-Dtcc.sgz=true,-Dtcc.detach=true;alpha0=-Dtcc.alpha=0;plain-infonce=-Dtcc.alpha=0,-Dtcc.sgz=true,-Dtcc.detach=true;sharednoise=-Dtcc.sharednoise=true;nogumbel=-Dtcc.nogumbel=true;bothviews=-Dtcc.bothviews=true}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bash "$root/scripts/fetch-data.sh" >"$work/fetch.log" 2>&1 || { cat "$work/fetch.log" >&2; exit 1; }
git clone -q "$root" "$work/src"
git -C "$work/src" apply "$root/bench/tcc-variants.patch" || { echo "tcc-variants: bench/tcc-variants.patch no longer applies to HEAD" >&2; exit 1; }
ln -s "${CLUSTERSTREAM_DATA_DIR:-$root/data}" "$work/src/data"
trainer="$work/src/scripts/trainer.sh"
data=(--data cifar10 --split TEST --limit 300)
common=(--batch-size 32 --lr 3e-3 --depth 18 --width 0.125 --max-cluster-share 1.0 --min-clusters 0)
threads="-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"
export OMP_NUM_THREADS=1
echo "# $(date -u +%FT%TZ)  TCC variants on the 300-image fixture, ${epochs} epochs, seeds ${seeds}, HEAD $(git -C "$root" rev-parse --short HEAD)"
echo "# uptime: $(uptime)"
row() { printf '%-14s %-4s %13s %13s %10s %10s  %s\n' "$@"; }
row variant seed "feature ACC" "feature NMI" "served ACC" "served NMI" "served cluster sizes"
run() { # name seed java-opts train-args...
  local name="$1" seed="$2" opts="$3" store="$work/$1-$2"
  shift 3
  mkdir -p "$store"
  JAVA_OPTS="$threads $opts -Dtcc.diag=1" "$trainer" train "${data[@]}" "${common[@]}" --seed "$seed" --store "$store" \
      --model-id m "$@" >"$store/train.log" 2>&1 || { echo "tcc-variants: $name seed $seed failed, see $store/train.log" >&2; cat "$store/train.log" >&2; exit 1; }
  "$trainer" eval "${data[@]}" --store "$store" --model-id m --json "$store/eval.json" >/dev/null 2>&1
  local feature_acc="" feature_nmi=""
  # the patch's line: DIAG kmeans-on-features ClusteringScores[acc=A, nmi=N, ...]
  read -r feature_acc feature_nmi < <(sed -n 's/^DIAG kmeans-on-features .*acc=\([0-9.]*\), nmi=\([0-9.]*\).*/\1 \2/p' "$store/train.log") || true
  [[ -n "$feature_acc" ]] && feature_acc="$(printf '%.4f' "$feature_acc")" feature_nmi="$(printf '%.4f' "$feature_nmi")"
  # shellcheck disable=SC2046
  row "$name" "$seed" "${feature_acc:--}" "${feature_nmi:--}" \
      $(jq -r '[(.acc, .nmi | . * 10000 | round / 10000), (.cluster_sizes | map(tostring) | join(","))] | @tsv' "$store/eval.json")
}
IFS=';' read -r -a list <<<"$variants"
[[ "${INSTANCE_ONLY:-1}" == 1 ]] && list+=("instance-only=")
for entry in "${list[@]}"; do
  name="${entry%%=*}" opts="${entry#*=}"
  extra=(--algorithm TCC --epochs "$epochs" --queue 256 --tcc-teacher-momentum 0.999)
  [[ "$name" == instance-only ]] && extra+=(--tcc-terms INSTANCE)
  for seed in $seeds; do
    run "$name" "$seed" "${opts//,/ }" "${extra[@]}"
  done
done
if [[ "${SIMCLR:-1}" == 1 ]]; then
  for seed in $seeds; do
    run "simclr+kmeans" "$seed" "" --algorithm SIMCLR_KMEANS --epochs "${SIMCLR_EPOCHS:-40}"
  done
fi
