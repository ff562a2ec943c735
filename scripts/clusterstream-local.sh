#!/usr/bin/env bash
# The whole service on this machine, on embedded defaults (in-process Kafka, trainer, Flink job, control app, replay):
#   scripts/clusterstream-local.sh [--data-folder DIR] [options]; scripts/clusterstream-local.sh --help
# Builds what changed, fetches CIFAR-10 into data/ if it is missing, then runs until Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data_dir="${CLUSTERSTREAM_DATA_DIR:-$root/data}"

if [[ ! -f "$data_dir/cifar10/.complete" ]]; then
  echo "clusterstream-local: CIFAR-10 is missing; fetching it into $data_dir" >&2
  # fetch-data.sh also fetches Fashion-MNIST, which the local mode does not need; only CIFAR-10 must succeed.
  "$root/scripts/fetch-data.sh" "$data_dir" || [[ -f "$data_dir/cifar10/.complete" ]]
fi

stale() {
  local module
  for module in trainer stream-app local; do
    [[ -f "$root/$module/target/runtime-classpath.txt" ]] || return 0
  done
  [[ -n "$(find "$root"/{schemas,core,trainer,stream-app,local}/src "$root"/{,schemas/,core/,trainer/,stream-app/,local/}pom.xml \
        -newer "$root/local/target/runtime-classpath.txt" -print -quit)" ]]
}
if stale; then
  echo "clusterstream-local: building trainer, stream-app and local ..." >&2
  mvn -B -q -f "$root/pom.xml" -pl trainer,stream-app,local -am package -DskipTests >&2
  touch "$root/local/target/runtime-classpath.txt"
fi

classpath() { printf '%s/%s/target/classes:%s' "$root" "$1" "$(cat "$root/$1/target/runtime-classpath.txt")"; }
exec java -Djava.awt.headless=true -Dclusterstream.data.dir="$data_dir" -cp "$(classpath local)" \
  io.clusterstream.local.LocalMain \
  --trainer-classpath "$(classpath trainer)" --stream-app-classpath "$(classpath stream-app)" "$@"
