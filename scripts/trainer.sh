#!/usr/bin/env bash
# The trainer CLI: scripts/trainer.sh train|eval [options]; scripts/trainer.sh help train
exec "$(dirname "$0")/launch.sh" trainer io.clusterstream.trainer.TrainerMain "$@"
