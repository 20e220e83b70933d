#!/usr/bin/env bash
# Runs every test: installs what the tests need when missing (PostgreSQL 15, Chromium; needs root for apt),
# starts a throwaway PostgreSQL server, runs the suite and ends with one line "N passed, N failed[, N skipped]".
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter "FullyQualifiedName~Habits").
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null; then
  echo "Installing Chromium …"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }
pgdir=$(mktemp -d /tmp/sovereign-pg.XXXXXX)
pgport=$(free_port)
trap 'scripts/postgres.sh stop "$pgdir"' EXIT
scripts/postgres.sh start "$pgdir" "$pgport"
echo "PostgreSQL $(/usr/lib/postgresql/15/bin/postgres --version | awk '{print $3}') on 127.0.0.1:$pgport"
export SOVEREIGN_TEST_PG="Host=127.0.0.1;Port=$pgport;Username=sovereign;Password=sovereign;Database=postgres"

results=artifacts/test-results
rm -rf "$results"; mkdir -p "$results"
set +e
dotnet test Sovereign.slnx -c Release --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" 2>&1 | grep -v -E '^\s*(Passed|Skipped) ' 
status=${PIPESTATUS[0]}
set -e

trx=$(find "$results" -name results.trx | head -n 1)
if [ -z "$trx" ]; then echo "0 passed, 1 failed (no test results: the build or the test host failed)"; exit 1; fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(count passed) failed=$(count failed) total=$(count total) executed=$(count executed)
skipped=$((total - executed))
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
