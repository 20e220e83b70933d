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
# A test that hangs for 10 minutes is ended, with a dump, and counted as failed instead of stalling CI.
# (grep -a: a failure message may hold a NUL, and grep would then call the rest of the output binary and hide it.)
dotnet test Sovereign.slnx -c Release --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --blame-hang-timeout 10m --blame-hang-dump-type none --results-directory "$results" "$@" 2>&1 | grep -a -v -E '^\s*(Passed|Skipped) ' 
status=${PIPESTATUS[0]}
set -e

trx=$(find "$results" -name results.trx | head -n 1)
if [ -z "$trx" ]; then echo "0 passed, 1 failed (no test results: the build or the test host failed)"; exit 1; fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
count() { local n; n=$(echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); echo "${n:-0}"; }
passed=$(count passed) total=$(count total) executed=$(count executed)
# Errors, time-outs and aborted runs are failures too: a crashed test host must not read as "N passed, 0 failed".
failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
if grep -qE '<ResultSummary outcome="(Aborted|Error|Failed|Timeout)' "$trx" && [ "$failed" -eq 0 ]; then failed=1; fi
skipped=$((total - executed))
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
