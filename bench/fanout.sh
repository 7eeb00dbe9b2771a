#!/usr/bin/env bash
# Fan-out benchmark: one Socket.IO broadcast to 1 / 100 / 1,000 / 10,000 sockets, Halyard's halyard-echo against
# the python-socketio peer (../shared/peers/python_echo/server.py), same native client, same invocation.
# Builds release, creates the peer's venv outside the project (aiohttp + python-socketio + uvloop, pinned),
# then prints a Markdown table (Halyard | peer | ratio). Extra arguments go to bench-fanout
# (e.g. --sizes 1,100 --seconds 2). Every load loop in the client is bounded by count and time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if ! command -v swift >/dev/null 2>&1; then export PATH="/opt/swift/usr/bin:$PATH"; fi

peer_script="${HALYARD_PEER_SCRIPT:-$root/../shared/peers/python_echo/server.py}"
if [ ! -f "$peer_script" ]; then
    echo "fanout: peer server not found at $peer_script (set HALYARD_PEER_SCRIPT)" >&2
    exit 1
fi
venv="${HALYARD_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/halyard-bench-venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import aiohttp, socketio, uvloop' 2>/dev/null; then
    echo "fanout: creating the peer's venv in $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check \
        python-socketio==5.18.1 python-engineio==4.15.1 aiohttp==3.10.10 uvloop==0.23.0
fi

swift build -c release --product halyard-echo >&2
swift build -c release --product bench-fanout >&2
bin=$(swift build -c release --show-bin-path)

# 10,000 sockets need more than the default 1,024 descriptors (client and servers inherit this).
ulimit -n "$(ulimit -Hn)"
logs=$(mktemp -d)
echo "fanout: server logs in $logs" >&2
"$bin/bench-fanout" --halyard "$bin/halyard-echo" --peer-python "$venv/bin/python" --peer-script "$peer_script" \
    --logs "$logs" "$@"
