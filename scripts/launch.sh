#!/usr/bin/env bash
# Runs a clusterstream entry point from the source tree, building its module first when sources changed.
#   scripts/launch.sh MODULE MAIN_CLASS [args...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
module="$1" main_class="$2"
shift 2
classpath_file="$root/$module/target/runtime-classpath.txt"
if [[ ! -f "$classpath_file" || -n "$(find "$root"/{schemas,core,"$module"}/src "$root/pom.xml" -newer "$classpath_file" -print -quit)" ]]; then
  echo "launch: building $module ..." >&2
  mvn -B -q -f "$root/pom.xml" -pl "$module" -am package dependency:build-classpath \
      -DskipTests -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >&2
fi
# JAVA_OPTS (environment) adds JVM options, e.g. -Dai.djl.pytorch.num_threads=1 for one intra-op thread.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -Dai.djl.offline=true -Djava.awt.headless=true -Dclusterstream.data.dir="${CLUSTERSTREAM_DATA_DIR:-$root/data}" \
  -cp "$root/$module/target/classes:$(cat "$classpath_file")" "$main_class" "$@"
