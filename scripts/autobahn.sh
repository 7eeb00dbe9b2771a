#!/usr/bin/env bash
# Autobahn TestSuite (fuzzingclient, cases 1-10; 12-13 permessage-deflate excluded) against halyard-echo's /echo.
# Needs pyenv's CPython 2.7.18; installs autobahntestsuite 25.10.1 with upstream's pinned dependencies into a
# cached virtualenv (.venv-autobahn). Without Python 2.7 it prints why and exits 0. Exits non-zero when any
# case is FAILED (NON-STRICT / INFORMATIONAL are accepted and listed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if ! command -v swift >/dev/null 2>&1; then export PATH="/opt/swift/usr/bin:$PATH"; fi

py27=""
if command -v pyenv >/dev/null 2>&1; then
    prefix=$(pyenv prefix 2.7.18 2>/dev/null || true)
    if [ -n "$prefix" ] && [ -x "$prefix/bin/python2.7" ]; then py27="$prefix/bin/python2.7"; fi
fi
if [ -z "$py27" ]; then
    # pyenv not on PATH: look in its default root.
    candidate="${PYENV_ROOT:-$HOME/.pyenv}/versions/2.7.18/bin/python2.7"
    [ -x "$candidate" ] && py27="$candidate"
fi
if [ -z "$py27" ]; then
    echo "autobahn: SKIPPED - CPython 2.7.18 not found (pyenv prefix 2.7.18 failed); the Autobahn TestSuite is"
    echo "autobahn: Python 2.7 code. Install it with 'pyenv install 2.7.18' to run the WebSocket conformance cases."
    exit 0
fi
py3=$(command -v python3 || true)
if [ -z "$py3" ]; then echo "autobahn: SKIPPED - python3 (needed to create the virtualenv) not found"; exit 0; fi

venv="$root/.venv-autobahn"
if [ ! -x "$venv/bin/wstest" ]; then
    echo "autobahn: installing autobahntestsuite 25.10.1 into $venv"
    tools="$root/.venv-autobahn-tools"
    [ -x "$tools/bin/virtualenv" ] || {
        "$py3" -m venv "$tools" && timeout 600 "$tools/bin/pip" install -q virtualenv==20.21.1
    }
    rm -rf "$venv"
    timeout 300 "$tools/bin/virtualenv" -q -p "$py27" "$venv"
    timeout 900 "$venv/bin/pip" install -q --disable-pip-version-check \
        Twisted==19.10.0 autobahn==0.10.9 cryptography==3.3.2 pyOpenSSL==19.1.0 txaio==2.1.0 \
        incremental==16.10.1 zope.interface==4.6.0 six==1.16.0 unittest2==1.1.0 service_identity==18.1.0 \
        klein==17.10.0 Werkzeug==1.0.1 jinja2==2.11.3 markupsafe==1.1.1
    timeout 600 "$venv/bin/pip" install -q --disable-pip-version-check --no-deps autobahntestsuite==25.10.1
fi

bin_path=$(swift build --show-bin-path)
echo_bin="${HALYARD_ECHO:-$bin_path/halyard-echo}"
if [ ! -x "$echo_bin" ]; then swift build --product halyard-echo; fi

work=$(mktemp -d)
echo_pid=""
cleanup() {
    if [ -n "$echo_pid" ]; then kill "$echo_pid" 2>/dev/null || true; wait "$echo_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$echo_bin" --port 0 --host 127.0.0.1 >"$work/echo.out" 2>"$work/echo.err" &
echo_pid=$!
port=""
for _ in $(seq 1 300); do  # up to 30 s: a loaded machine may start it slowly
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/echo.out")
    [ -n "$port" ] && break
    sleep 0.1
done
if [ -z "$port" ]; then echo "autobahn: halyard-echo did not start:"; cat "$work/echo.err"; exit 1; fi

reports="$root/reports/autobahn"
rm -rf "$reports"
mkdir -p "$reports"
cat >"$work/spec.json" <<JSON
{
  "outdir": "$reports",
  "servers": [{"agent": "halyard-echo", "url": "ws://127.0.0.1:$port/echo"}],
  "cases": ["1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "8.*", "9.*", "10.*"],
  "exclude-cases": ["12.*", "13.*"],
  "exclude-agent-cases": {}
}
JSON
echo "autobahn: running cases 1-10 against ws://127.0.0.1:$port/echo"
(cd "$work" && timeout 900 "$venv/bin/wstest" -m fuzzingclient -s "$work/spec.json" >"$work/wstest.log" 2>&1) || {
    echo "autobahn: wstest failed or timed out; last lines:"
    tail -20 "$work/wstest.log"
    exit 1
}
kill -0 "$echo_pid" 2>/dev/null || { echo "autobahn: halyard-echo died during the run"; cat "$work/echo.err"; exit 1; }

"$py3" - "$reports/index.json" <<'PY'
import json, sys, collections
index = json.load(open(sys.argv[1]))
counts = collections.Counter()
notable = collections.defaultdict(list)
for agent, cases in index.items():
    for case, result in cases.items():
        behavior = result.get("behavior", "?")
        counts[behavior] += 1
        if behavior != "OK":
            notable[behavior].append("%s (close: %s)" % (case, result.get("behaviorClose")))
print("autobahn: %d cases: %s" % (sum(counts.values()), ", ".join("%s=%d" % kv for kv in sorted(counts.items()))))
key = lambda case: [int(part) for part in case.split(" ")[0].split(".")]
for behavior, cases in sorted(notable.items()):
    print("autobahn: %s: %s" % (behavior, ", ".join(sorted(cases, key=key))))
sys.exit(1 if counts.get("FAILED", 0) or not counts else 0)
PY
echo "autobahn: no FAILED cases (report: reports/autobahn/index.html)"
