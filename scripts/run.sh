#!/usr/bin/env bash
# Start the action server, the Rasa server and the chat page on loopback (SQLite by default).
# Called by `make run` once the model is trained; supervisord (scripts/supervisord.conf) keeps
# them running and restarts one that dies. Ctrl-C or SIGTERM stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
# one database for conversations and assessments (SQLite here unless NMT_DATABASE_URL says else)
export NMT_DATABASE_URL=${NMT_DATABASE_URL:-sqlite:///$PWD/var/nmt.db}
export SANIC_HOST=127.0.0.1            # the action server has no authentication: loopback only
# Sanic reads SANIC_* settings. Rasa refuses request bodies over 1 MB (413) from clients; the
# action server, which receives a whole conversation with each request, keeps its own, larger
# limit (Sanic's 100 MB), so a long conversation never silences the red-flag check.
RASA_REQUEST_MAX_SIZE=${RASA_REQUEST_MAX_SIZE:-1000000}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
WEB_PORT=${NMT_WEB_PORT:-8000}
export NMT_WEB_PORT=$WEB_PORT
export NMT_RASA_URL=${NMT_RASA_URL:-http://127.0.0.1:$RASA_PORT}
export NMT_ACTION_URL=${NMT_ACTION_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}

export RASA_PORT ACTIONS_PORT RASA_REQUEST_MAX_SIZE
# supervisord's log, pid file and control socket (supervisorctl -c scripts/supervisord.conf)
export NMT_RUN_DIR=${NMT_RUN_DIR:-$PWD/var}
mkdir -p "$NMT_RUN_DIR"
export USER=${USER:-$(id -un)}

# the clinic dashboard needs a user: made from NMT_CLINIC_USER/NMT_CLINIC_PASSWORD, or it says how
$BIN/python -m bot.web.auth ensure
# the notification settings (email, webhook), checked now: a mistake stops here with the reason
$BIN/python -m bot notify --check

echo "Starting (the bot answers about 40 seconds after this):"
echo "  the chat page:  http://127.0.0.1:$WEB_PORT/"
echo "  the clinic:     http://127.0.0.1:$WEB_PORT/clinic"
echo "  the widget:     <script src=\"${NMT_PUBLIC_URL:-http://127.0.0.1:$WEB_PORT}/widget.js\" async></script>"
echo "                  (for the sites in NMT_EMBED_ORIGINS: ${NMT_EMBED_ORIGINS:-none})"
echo "  Rasa:           http://127.0.0.1:$RASA_PORT, loopback only; the page's messages go"
echo "                  through the web app (POST /chat/webhook -> /webhooks/nmt/webhook)"
echo "  actions:        http://127.0.0.1:$ACTIONS_PORT"
# the database URL without its password, if it has one
echo "  database:       $(sed -E 's#(://[^:/@]*:).*@#\1***@#' <<<"$NMT_DATABASE_URL")"
echo "A server that stops is started again (scripts/supervisord.conf). Press Ctrl-C to stop."
# supervisord keeps the three running, restarts one that dies, and stops all on Ctrl-C/SIGTERM
exec $BIN/supervisord -c scripts/supervisord.conf
