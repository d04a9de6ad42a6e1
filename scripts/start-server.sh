# Sourced by the client scenarios: starts bin/cachewarden on a free loopback port with a fresh data
# dir and a 1s transition delay (SERVE_FLAGS: more serve options), waits for /health, and stops it by PID on exit.
# Sets: root, data, port, log, pid, and the AWS_* variables every client reads; defines fail().
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
log="$data/server.log"
scenario="${scenario:-scenario}"

# The server verifies SigV4: it is started with the very pair the clients sign with.
export CACHEWARDEN_ACCESS_KEY_ID="${CACHEWARDEN_ACCESS_KEY_ID:-AKIDCLISCENARIO}"
export CACHEWARDEN_SECRET_ACCESS_KEY="${CACHEWARDEN_SECRET_ACCESS_KEY:-cli-scenario-secret-$RANDOM$RANDOM}"
"$root/bin/cachewarden" serve --port "$port" --data-dir "$data/state" --transition-delay 1s ${SERVE_FLAGS:-} >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
# Up to 3 minutes: bin/cachewarden first builds the jar when it is missing or stale.
for _ in $(seq 1 1800); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "$scenario: the server exited" >&2; exit 1; }
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { cat "$log" >&2; echo "$scenario: the server did not answer" >&2; exit 1; }

export AWS_ACCESS_KEY_ID="$CACHEWARDEN_ACCESS_KEY_ID" AWS_SECRET_ACCESS_KEY="$CACHEWARDEN_SECRET_ACCESS_KEY"
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_PAGER=""
fail() { echo "$scenario: FAILED: $*" >&2; cat "$log" >&2; exit 1; }
