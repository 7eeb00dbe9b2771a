#!/usr/bin/env bash
# Runs every Halyard test: unit, integration (real python-socketio clients, a private redis-server),
# and the Autobahn WebSocket conformance run. Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
if ! command -v swift >/dev/null 2>&1; then export PATH="/opt/swift/usr/bin:$PATH"; fi

export HALYARD_PYTHON="$PWD/.venv/bin/python"

# A private redis-server on a free loopback port, stopped on exit.
redis_dir=$(mktemp -d)
redis_port=$("$HALYARD_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" \
    --daemonize yes --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
cleanup() { [ -f "$redis_dir/redis.pid" ] && kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true; rm -rf "$redis_dir"; }
trap cleanup EXIT
export HALYARD_REDIS_URL="redis://127.0.0.1:$redis_port"

swift build --build-tests
swift test --skip-build "$@"
scripts/autobahn.sh
echo "test.sh: all tests passed"
