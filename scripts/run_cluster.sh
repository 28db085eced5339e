#!/usr/bin/env bash
# Two Rasa replicas, the action server and nginx in front, on this machine's PostgreSQL and Redis:
#   scripts/run_cluster.sh        (make run-cluster)
# Conversations go to PostgreSQL (TRACKER_STORE_URL), locks to Redis (LOCK_STORE_URL) through the
# atomic lock store, so either replica can answer any message. nginx balances REST and SMS
# requests round-robin, and keeps each socket.io session on the replica that holds it (the
# replicas' session ids start with their names, r1-/r2-). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
CLUSTER_PORT=${CLUSTER_PORT:-8080}
REPLICA_PORTS=(${REPLICA_PORTS:-5006 5007})
ACTIONS_PORT=${ACTIONS_PORT:-5055}
LOG_DIR=${LOG_DIR:-logs/cluster}
MODEL=${MODEL:-models/mbc.tar.gz}
NGINX=${NGINX:-/usr/sbin/nginx}
export ACTION_SERVER_URL="http://127.0.0.1:${ACTIONS_PORT}/webhook"
export DATA_DIR=${DATA_DIR:-var}
export TRACKER_STORE_URL=${TRACKER_STORE_URL:-postgresql://postgres@127.0.0.1:5432/test}
export LOCK_STORE_TYPE=${LOCK_STORE_TYPE:-runtime.lock_store.AtomicRedisLockStore}
export LOCK_STORE_URL=${LOCK_STORE_URL:-redis://127.0.0.1:6379/0}
# Replicas share the cores: one TensorFlow thread each instead of each trying to use all of them.
export TF_INTRA_OP_PARALLELISM_THREADS=${TF_INTRA_OP_PARALLELISM_THREADS:-1}
export TF_INTER_OP_PARALLELISM_THREADS=${TF_INTER_OP_PARALLELISM_THREADS:-1}
mkdir -p "$LOG_DIR" "$DATA_DIR"
LOG_DIR=$(cd "$LOG_DIR" && pwd)

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

[[ -f "$MODEL" ]] || { echo "No trained model at $MODEL: run 'make train' first." >&2; exit 1; }
[[ -x "$NGINX" ]] || { echo "nginx is not installed: 'make nginx' installs Debian's package." >&2; exit 1; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$CLUSTER_PORT" "$ACTIONS_PORT" "${REPLICA_PORTS[@]}"; do
  port_free "$port" || { echo "Port $port is already in use." >&2; exit 1; }
done

"$VENV/bin/python" -m actions.server --check
"$VENV/bin/python" -m runtime.serve --check

echo "Starting the action server on port $ACTIONS_PORT"
"$VENV/bin/python" -m actions.server --port "$ACTIONS_PORT" >"$LOG_DIR/actions.log" 2>&1 &
pids+=($!)
replica=0
for port in "${REPLICA_PORTS[@]}"; do
  replica=$((replica + 1))
  echo "Starting Rasa replica r$replica on port $port"
  REPLICA_ID="r$replica" "$VENV/bin/python" -m runtime.serve --model "$MODEL" --port "$port" \
    --credentials credentials.yml --endpoints endpoints.yml >"$LOG_DIR/rasa-r$replica.log" 2>&1 &
  pids+=($!)
done

conf="$LOG_DIR/nginx.conf"
mkdir -p "$LOG_DIR/nginx-tmp"
{
  echo "worker_processes 1; daemon off; pid $LOG_DIR/nginx.pid; error_log $LOG_DIR/nginx-error.log;"
  echo "events { worker_connections 1024; }"
  echo "http {"
  # The access log names the replica that served each request: tests/test_cluster.py reads it.
  echo "  log_format upstream '\$remote_addr [\$time_local] \"\$request\" \$status upstream=\$upstream_addr';"
  echo "  access_log $LOG_DIR/nginx-access.log upstream;"
  for kind in client_body proxy fastcgi uwsgi scgi; do echo "  ${kind}_temp_path $LOG_DIR/nginx-tmp/$kind;"; done
  echo "  client_max_body_size 64k;"
  echo "  proxy_read_timeout 120s;"
  echo -n "  upstream rasa {"; for port in "${REPLICA_PORTS[@]}"; do echo -n " server 127.0.0.1:$port;"; done; echo " }"
  echo "  map \$arg_sid \$socketio_upstream {"
  echo "    default rasa;"
  replica=0
  for port in "${REPLICA_PORTS[@]}"; do
    replica=$((replica + 1))
    echo "    ~^r$replica- rasa_r$replica;"
  done
  echo "  }"
  replica=0
  for port in "${REPLICA_PORTS[@]}"; do
    replica=$((replica + 1))
    echo "  upstream rasa_r$replica { server 127.0.0.1:$port; }"
  done
  echo "  server {"
  echo "    listen 127.0.0.1:$CLUSTER_PORT;"
  echo "    proxy_http_version 1.1;"
  echo "    proxy_set_header Host \$http_host;"
  echo "    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
  echo "    proxy_set_header X-Forwarded-Proto \$scheme;"
  echo "    location /socket.io/ { proxy_pass http://\$socketio_upstream; }"
  echo "    location / { proxy_pass http://rasa; }"
  echo "  }"
  echo "}"
} >"$conf"
"$NGINX" -t -q -c "$conf" -p "$LOG_DIR" 2>"$LOG_DIR/nginx-check.log" || { cat "$LOG_DIR/nginx-check.log" >&2; exit 1; }
"$NGINX" -c "$conf" -p "$LOG_DIR" >"$LOG_DIR/nginx.log" 2>&1 &
pids+=($!)

echo "Waiting for the replicas to load the model"
for _ in $(seq 1 240); do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A process stopped during start-up; see $LOG_DIR/." >&2; tail -n 5 "$LOG_DIR"/*.log >&2; exit 1; }
  done
  ready=1
  for port in "${REPLICA_PORTS[@]}"; do
    curl -fsS "http://127.0.0.1:$port/webhooks/rest/" >/dev/null 2>&1 || ready=0
  done
  [[ $ready == 1 ]] && break
  sleep 1
done

cat <<BANNER

  The MBC assistant cluster is ready: ${#REPLICA_PORTS[@]} Rasa replicas (ports ${REPLICA_PORTS[*]}) behind nginx.
  Chat in a browser:  http://localhost:$CLUSTER_PORT/chat/
  REST:  curl -s localhost:$CLUSTER_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"hello"}'
  Conversations: $(
    "$VENV/bin/python" -c "import sys; from runtime.serve import safe_url; print(safe_url(sys.argv[1]))" "$TRACKER_STORE_URL"
  )   Locks: $LOCK_STORE_URL
  Logs: $LOG_DIR/
  Ctrl-C stops the cluster.

BANNER

while true; do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A process stopped; see $LOG_DIR/. Stopping the others." >&2; exit 1; }
  done
  sleep 1
done
