#!/usr/bin/env bash
# Creates clusterstream's topics on a fresh broker (compose): create-topics.sh BOOTSTRAP_SERVERS
# Settings match deploy/base/kafka/topics.yaml; an existing topic is left as it is.
set -euo pipefail
bootstrap="$1"
topics=/opt/kafka/bin/kafka-topics.sh
week=604800000
create() {
  local name="$1" partitions="$2"
  shift 2
  local configs=()
  for config in "$@"; do configs+=(--config "$config"); done
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
      --partitions "$partitions" --replication-factor 1 "${configs[@]}"
}
create clusterstream.images 4 retention.ms=$week max.message.bytes=33554432
create clusterstream.assignments 4 retention.ms=$week
create clusterstream.drift 1 retention.ms=$((4 * week))
create clusterstream.dlq 1 retention.ms=$((2 * week))
create clusterstream.snapshots 1 cleanup.policy=compact
create clusterstream.tags 1 cleanup.policy=compact
create clusterstream.refit-requests 1 retention.ms=$((4 * week))
create clusterstream.tagged 4 retention.ms=$week
