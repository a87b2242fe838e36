#!/usr/bin/env bash
# Start the action server, the Rasa server and the chat page on loopback (SQLite by default).
# Called by `make run` once the model is trained. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
# one database for conversations and assessments (SQLite here unless NMT_DATABASE_URL says else)
export NMT_DATABASE_URL=${NMT_DATABASE_URL:-sqlite:///$PWD/var/nmt.db}
export SANIC_HOST=127.0.0.1            # the action server has no authentication: loopback only
# Sanic reads SANIC_* settings: refuse request bodies over 1 MB (413) instead of parsing them.
export SANIC_REQUEST_MAX_SIZE=${SANIC_REQUEST_MAX_SIZE:-1000000}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
WEB_PORT=${NMT_WEB_PORT:-8000}
export NMT_WEB_PORT=$WEB_PORT
export NMT_RASA_URL=${NMT_RASA_URL:-http://127.0.0.1:$RASA_PORT}
export NMT_ACTION_URL=${NMT_ACTION_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

$BIN/rasa run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
# the page calls Rasa from the browser: allow its origin (both names of loopback)
$BIN/rasa run --model models/nmt.tar.gz --interface 127.0.0.1 --port "$RASA_PORT" \
  --cors "http://127.0.0.1:$WEB_PORT" "http://localhost:$WEB_PORT" \
  --endpoints endpoints.yml --credentials credentials.yml &
pids+=($!)
# the clinic dashboard needs a user: made from NMT_CLINIC_USER/NMT_CLINIC_PASSWORD, or it says how
$BIN/python -m bot.web.auth ensure
$BIN/python -m bot.web &
pids+=($!)

echo "Starting (the bot answers about 40 seconds after this):"
echo "  the chat page:  http://127.0.0.1:$WEB_PORT/"
echo "  the clinic:     http://127.0.0.1:$WEB_PORT/clinic"
echo "  Rasa:           http://127.0.0.1:$RASA_PORT (REST: /webhooks/nmt/webhook)"
echo "  actions:        http://127.0.0.1:$ACTIONS_PORT"
# the database URL without its password, if it has one
echo "  database:       $(sed -E 's#(://[^:/@]*:).*@#\1***@#' <<<"$NMT_DATABASE_URL")"
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
