#!/usr/bin/env bash
# Runs the clustering job in this JVM (an embedded Flink MiniCluster) against an existing Kafka cluster.
#   scripts/stream-job.sh --bootstrap-servers host:9092 --snapshot-store /path/to/store [options]
#   scripts/stream-job.sh --help
exec "$(dirname "$0")/launch.sh" stream-app io.clusterstream.stream.StreamJobMain "$@"
