#!/usr/bin/env bash
# Talk to the bot in the terminal: starts the action server in the background, then `rasa shell`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
# a store of its own, so that trying things out does not mix with `make run` conversations
export NMT_DATABASE_URL=${NMT_SHELL_DATABASE_URL:-sqlite:///$PWD/var/shell.db}
export SANIC_HOST=127.0.0.1
export NMT_ACTION_URL=${NMT_ACTION_URL:-http://127.0.0.1:${ACTIONS_PORT:-5055}/webhook}
$BIN/rasa run actions --actions actions --port "${ACTIONS_PORT:-5055}" >var/actions-shell.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null || true' EXIT
$BIN/rasa shell --model models/nmt.tar.gz --endpoints endpoints.yml
