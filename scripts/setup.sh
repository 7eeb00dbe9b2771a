#!/usr/bin/env bash
# Installs what building and testing Halyard needs on a fresh Debian 12 machine (idempotent).
#   scripts/setup.sh            system packages only (build + run the example app)
#   scripts/setup.sh --test     also redis-server and a Python venv (.venv) with the real test clients
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pkgs=(pkg-config libsqlite3-dev libuv1-dev libssl-dev libhiredis-dev)
if [ $want_test = 1 ]; then
    pkgs+=(redis-server python3 python3-venv curl)
fi
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "setup: installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    for d in /opt/swift/usr/bin /usr/share/swift/usr/bin; do [ -x "$d/swift" ] && export PATH="$d:$PATH"; done
fi
command -v swift >/dev/null 2>&1 || { echo "setup: a Swift 6 toolchain is required (swift not found on PATH)" >&2; exit 1; }

if [ $want_test = 1 ]; then
    py=python3
    if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import socketio, websocket' 2>/dev/null \
        || ! cmp -s scripts/requirements-test.txt .venv/.requirements 2>/dev/null; then
        echo "setup: creating .venv with the Python test clients"
        rm -rf .venv
        "$py" -m venv .venv
        .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements-test.txt
        cp scripts/requirements-test.txt .venv/.requirements
    fi
fi
