#!/usr/bin/env bash
# Builds and runs the example app (embedded default: SQLite file in ./.data, one process, no Redis).
# Extra arguments go to halyard-example, e.g. `scripts/run-example.sh migrate`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if ! command -v swift >/dev/null 2>&1; then export PATH="/opt/swift/usr/bin:$PATH"; fi
swift build -c release --product halyard-example
exec .build/release/halyard-example "$@"
