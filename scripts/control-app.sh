#!/usr/bin/env bash
# The Kafka Streams control app (tags, drift-triggered refit requests, cluster catalog).
#   scripts/control-app.sh --bootstrap-servers host:9092 [options]; scripts/control-app.sh --help
exec "$(dirname "$0")/launch.sh" stream-app io.clusterstream.stream.control.ControlAppMain "$@"
