#!/usr/bin/env bash
# Offline validation of the deployment files; no Docker engine or Kubernetes API needed. Run by the Maven build
# (module deploy, phase verify) and by hand:  deploy/validate.sh
#   yamllint      every YAML file under docker/ and deploy/ (Debian package, unpacked without root if needed)
#   dclint        docker/docker-compose.yml (npm)
#   kubernetes    the kustomize overlays rendered by `kubectl kustomize` (when kubectl is on PATH; otherwise the base
#                 files one by one), validated by validate/validate-manifests.mjs (kubernetes-models, npm)
#   topics        every topic of io.clusterstream.schemas.Topics is a KafkaTopic and created in compose
#   dockerfiles   each image's Maven build stage copies every module of the root pom (Maven refuses to read a
#                 reactor with a module missing, even for `-pl one -am`)
#   grafana       the dashboard parses and queries only Flink metrics and those grafana/exported-metrics.txt or
#                 grafana/pending-metrics.txt lists (validate/check-dashboard.mjs)
# Then a self-test: every validator must reject its known-bad file under validate/invalid/.
# Validators install idempotently into git-ignored folders: validate/node_modules and validate/.debian.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
tools="$here/validate"
debian_root="$tools/.debian"

log() { printf 'validate: %s\n' "$*" >&2; }
die() { printf 'validate: ERROR: %s\n' "$*" >&2; exit 1; }

install_npm_validators() {
  command -v npm >/dev/null 2>&1 || die "npm is required (install Node.js 20+)"
  local stamp="$tools/node_modules/.package-lock.json"
  if [[ -f "$stamp" && "$stamp" -nt "$tools/package-lock.json" ]]; then
    return
  fi
  log "installing dclint and kubernetes-models (npm ci in $tools)"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "'npm ci' failed; check access to the npm registry"
}

# Prints the command that runs yamllint: one on PATH, or Debian's package unpacked into $debian_root.
yamllint_command() {
  if command -v yamllint >/dev/null 2>&1; then
    echo yamllint
    return
  fi
  local python=/usr/bin/python3
  [[ -x "$python" ]] || python="$(command -v python3)" || die "python3 is required to run yamllint"
  local packages=(yamllint python3-pathspec)
  "$python" -c 'import yaml' 2>/dev/null || packages+=(python3-yaml)
  if [[ ! -f "$debian_root/usr/lib/python3/dist-packages/yamllint/__init__.py" ]]; then
    command -v apt-get >/dev/null 2>&1 || die "yamllint is not on PATH and apt-get is missing to fetch Debian's package"
    # Captured first: 'grep -q' closing the pipe early would fail the pipeline under pipefail.
    local policy
    policy="$(apt-cache policy yamllint 2>/dev/null || true)"
    if ! grep -q 'Candidate: [^(]' <<<"$policy" && [[ "$(id -u)" == 0 ]]; then
      log "apt has no candidate for yamllint; running 'apt-get update'"
      apt-get update -qq >&2 || die "'apt-get update' failed"
    fi
    log "fetching Debian packages ${packages[*]} (apt-get download, unpacked into $debian_root)"
    local staging
    staging="$(mktemp -d)"
    if ! (cd "$staging" && apt-get download -qq "${packages[@]}" >&2); then
      rm -rf "$staging"
      die "'apt-get download ${packages[*]}' failed; run 'apt-get update' (as root) or install yamllint"
    fi
    local deb
    for deb in "$staging"/*.deb; do
      dpkg -x "$deb" "$debian_root" || die "cannot unpack $deb"
    done
    rm -rf "$staging"
  fi
  echo "env PYTHONPATH=$debian_root/usr/lib/python3/dist-packages $python -m yamllint"
}

yaml_files() {
  find "$root/docker" "$root/deploy" -path "$tools/node_modules" -prune -o -path "$debian_root" -prune -o \
       -path "$tools/invalid" -prune -o \
       \( -name '*.yml' -o -name '*.yaml' \) -type f -print | sort
}

validate_manifests() {
  local overlay
  if command -v kubectl >/dev/null 2>&1; then
    for overlay in "$here"/overlays/*/; do
      log "kubernetes: kubectl kustomize ${overlay#"$root"/}"
      kubectl kustomize "$overlay" | node "$tools/validate-manifests.mjs" - || return 1
    done
  else
    log "kubernetes: kubectl is not on PATH, so the overlays are NOT rendered; validating the base files one by one"
    node "$tools/validate-manifests.mjs" $(find "$here/base" -name '*.yaml' ! -name kustomization.yaml | sort) || return 1
  fi
}

# Every topic of io.clusterstream.schemas.Topics is a KafkaTopic and is created by the compose setup.
check_topics() {
  local topics_java="$root/schemas/src/main/java/io/clusterstream/schemas/Topics.java" topic missing=0
  local names
  names="$(grep -o '= "clusterstream\.[a-z.-]*"' "$topics_java" | tr -d '="' | tr -d ' ')"
  [[ -n "$names" ]] || { log "topics: no topic names found in $topics_java"; return 1; }
  for topic in $names; do
    grep -qx "  topicName: $topic" "$here/base/kafka/topics.yaml" \
      || { log "topics: $topic has no KafkaTopic in deploy/base/kafka/topics.yaml"; missing=1; }
    grep -q "^create $topic " "$root/docker/create-topics.sh" \
      || { log "topics: $topic is not created by docker/create-topics.sh"; missing=1; }
  done
  [[ "$missing" == 0 ]] && log "topics: all $(wc -w <<<"$names") topics declared for Kubernetes and compose"
}

# Every Dockerfile that runs Maven must COPY each module of the root pom, at least its pom.xml; "$1" overrides the
# Dockerfiles (for the self-test).
check_dockerfiles() {
  local modules dockerfile module missing=0 count=0
  modules="$(sed -n 's#^ *<module>\(.*\)</module>.*#\1#p' "$root/pom.xml")"
  for dockerfile in "${@:-$root/docker/}"*; do
    [[ "$dockerfile" == *Dockerfile ]] && grep -q 'mvn ' "$dockerfile" || continue
    count=$((count + 1))
    for module in $modules; do
      grep -Eq "^COPY ($module|$module/pom\.xml) " "$dockerfile" \
        || { log "dockerfiles: $(basename "$dockerfile") does not copy module $module (its pom.xml at least)"; missing=1; }
    done
  done
  [[ "$missing" == 0 ]] && log "dockerfiles: $count Maven builds copy all modules"
}

# The validators proper; "$1" is the yamllint command.
validate_all() {
  local yamllint="$1"
  log "yamllint: $(yaml_files | wc -l) files"
  # shellcheck disable=SC2046
  $yamllint --strict -c "$tools/yamllint.yaml" $(yaml_files) || return 1
  log "dclint: docker/docker-compose.yml"
  "$tools/node_modules/.bin/dclint" "$root/docker/docker-compose.yml" || return 1
  validate_manifests || return 1
  check_topics || return 1
  check_dockerfiles || return 1
  node "$tools/check-dashboard.mjs" "$here/grafana/dashboards/clusterstream-drift.json" "$here/grafana/pending-metrics.txt" \
    "$here/grafana/exported-metrics.txt" || return 1
}

# Each validator must fail on its known-bad file; a validator that accepts everything would pass silently.
self_test() {
  local yamllint="$1" bad="$tools/invalid" failures=0
  expect_failure() {
    local what="$1"
    shift
    if "$@" >/dev/null 2>&1; then
      log "SELF-TEST FAILED: $what accepted a bad file"
      failures=$((failures + 1))
    fi
  }
  expect_failure "yamllint" $yamllint --strict -c "$tools/yamllint.yaml" "$bad/duplicate-key.yaml"
  expect_failure "dclint" "$tools/node_modules/.bin/dclint" "$bad/compose-build-and-image.yml"
  expect_failure "validate-manifests" node "$tools/validate-manifests.mjs" "$bad/deployment-port-not-integer.yaml"
  expect_failure "validate-manifests (topics)" node "$tools/validate-manifests.mjs" "$bad/topic-without-retention.yaml"
  expect_failure "check-dockerfiles" check_dockerfiles "$bad/"
  expect_failure "check-dashboard" node "$tools/check-dashboard.mjs" "$bad/dashboard-unknown-metric.json" /dev/null /dev/null
  [[ "$failures" == 0 ]] || return 1
  log "self-test: every validator rejected its known-bad file"
}

command -v node >/dev/null 2>&1 || die "node is required (install Node.js 20+)"
install_npm_validators
yamllint="$(yamllint_command)"
validate_all "$yamllint" || die "invalid deployment files (see above)"
self_test "$yamllint" || die "a validator accepts bad input"
log "all deployment files are valid"
