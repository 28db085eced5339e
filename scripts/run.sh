#!/usr/bin/env bash
# Start the action server and Rasa together; Ctrl-C (or either one dying) stops both.
#   scripts/run.sh          Rasa's REST channel on $RASA_PORT (default 5005)
#   scripts/run.sh --shell  talk in this terminal instead
# Environment variables set by the caller reach both processes, e.g.
#   HELPLINE_NOW=2026-12-04T23:30:00Z scripts/run.sh   (the helpline clock testers see)
#   RASA_API_TOKEN=... scripts/run.sh   (Rasa's HTTP API with that token, from this machine only;
#                                        python -m e2e reads conversations through it)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
LOG_DIR=${LOG_DIR:-logs}
MODEL=${MODEL:-models/mbc.tar.gz}
export ACTION_SERVER_URL="http://127.0.0.1:${ACTIONS_PORT}/webhook"
# State of the running assistant (conversations, SMS opt-outs), kept across restarts.
export DATA_DIR=${DATA_DIR:-var}
export TRACKER_STORE_URL=${TRACKER_STORE_URL:-sqlite:///$DATA_DIR/tracker.db}
export LOCK_STORE_TYPE=${LOCK_STORE_TYPE:-in_memory}
export LOCK_STORE_URL=${LOCK_STORE_URL:-}
mkdir -p "$LOG_DIR" "$DATA_DIR"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

if [[ ! -f "$MODEL" ]]; then
  echo "No trained model at $MODEL: run 'make train' (or 'make run', which trains) first." >&2
  exit 1
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$ACTIONS_PORT" "$RASA_PORT"; do
  if ! port_free "$port"; then
    echo "Port $port is already in use: stop whatever runs there (an earlier 'make run'?) and try again." >&2
    exit 1
  fi
done

# Settings of the action server (HELPLINE_NOW, the helpline hours) are checked before anything
# starts, so a mistake is reported here and not as a wrong answer later.
"$VENV/bin/python" -m actions.server --check
# So are Rasa's: the tracker store's database and, for replicas, the lock store's Redis.
"$VENV/bin/python" -m runtime.serve --check

echo "Starting the action server on port $ACTIONS_PORT (log: $LOG_DIR/actions.log)"
"$VENV/bin/python" -m actions.server --port "$ACTIONS_PORT" >"$LOG_DIR/actions.log" 2>&1 &
pids+=($!)

if [[ "${1:-}" == "--shell" ]]; then
  "$VENV/bin/rasa" shell --model "$MODEL" --endpoints endpoints.yml
  exit 0
fi

api=()
if [[ -n "${RASA_API_TOKEN:-}" ]]; then api=(--enable-api --auth-token "$RASA_API_TOKEN"); fi
echo "Starting Rasa on port $RASA_PORT (log: $LOG_DIR/rasa.log); loading the model takes a few seconds"
"$VENV/bin/python" -m runtime.serve --model "$MODEL" --port "$RASA_PORT" --credentials credentials.yml \
  --endpoints endpoints.yml "${api[@]}" \
  >"$LOG_DIR/rasa.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 180); do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A process stopped during start-up; the end of its log:" >&2
      tail -n 20 "$LOG_DIR/rasa.log" "$LOG_DIR/actions.log" >&2
      exit 1
    fi
  done
  if curl -fsS "http://127.0.0.1:$RASA_PORT/webhooks/rest/" >/dev/null 2>&1; then break; fi
  sleep 1
done

if [[ -n "${TWILIO_AUTH_TOKEN:-}" && -n "${SMS_ID_SECRET:-}" ]]; then
  sms_status="on"
else
  sms_status="off until TWILIO_AUTH_TOKEN and SMS_ID_SECRET are set"
fi

cat <<EOF

  The MBC assistant is ready.
  Chat in a browser:  http://localhost:$RASA_PORT/chat/
  Or over REST:
    curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"what are the symptoms?"}'
  SMS (Twilio webhook): http://localhost:$RASA_PORT/webhooks/twilio/webhook  ($sms_status)
  Or in the terminal: make shell
  Ctrl-C stops the assistant and the action server.

EOF

# Stay in the foreground until Ctrl-C or until one of the two exits.
while kill -0 "${pids[0]}" 2>/dev/null && kill -0 "${pids[1]}" 2>/dev/null; do sleep 1; done
echo "A process stopped; see $LOG_DIR/. Stopping the other." >&2
exit 1
