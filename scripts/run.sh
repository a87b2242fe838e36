#!/usr/bin/env bash
# Start the action server and the Rasa server on loopback, with conversations kept in SQLite.
# Called by `make run` once the model is trained. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
export NMT_TRACKER_DB=${NMT_TRACKER_DB:-var/tracker.db}
export SANIC_HOST=127.0.0.1            # the action server has no authentication: loopback only
# Sanic reads SANIC_* settings: refuse request bodies over 1 MB (413) instead of parsing them.
export SANIC_REQUEST_MAX_SIZE=${SANIC_REQUEST_MAX_SIZE:-1000000}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
export NMT_ACTION_URL=${NMT_ACTION_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

$BIN/rasa run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
$BIN/rasa run --model models/nmt.tar.gz --interface 127.0.0.1 --port "$RASA_PORT" \
  --cors "http://localhost:8000" --endpoints endpoints.yml --credentials credentials.yml &
pids+=($!)

echo "Starting: Rasa on http://127.0.0.1:$RASA_PORT (REST: /webhooks/nmt/webhook),"
echo "          actions on http://127.0.0.1:$ACTIONS_PORT. Conversations: $NMT_TRACKER_DB"
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
