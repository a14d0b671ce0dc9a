#!/usr/bin/env bash
# Every figure of issue 16's table, one bench after another, each printing its own lines (about 35 minutes on a
# quiet 2-core machine, most of it the 100,000-user cycle; BENCH_SKIP_BIG=1 leaves that one out). Run it when
# the machine is quiet: the benches compare against a bare client in the same run, but absolute figures follow
# the load. The log benches use a 1,000,000-row database, built first if missing (BENCH_LOG_DB to choose it).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${BENCH_LOG_DB:-${TMPDIR:-/tmp}/provisio-log-bench.db}
tsx=(node --import tsx)

run() {
  local title=$1
  shift
  printf '\n## %s  (%s, load %s)\n$ %s\n' "$title" "$(date -u +%H:%M:%S)" "$(cut -d' ' -f1 /proc/loadavg)" "$*"
  "$@"
}

[ -f "$DB" ] || run "1,000,000-row log: build, insert rate, searches" "${tsx[@]}" bench/log-search.ts 1000000 "$DB"
run "initial cycle, 10,000 users, 0 ms target: CPU per user, ratio to the bare client" "${tsx[@]}" bench/engine-cpu.ts 10000
run "50 ms target, default settings; 50 ms + a 100 req/s limit" "${tsx[@]}" bench/pacing.ts 3000 latency,limited
run "CSV export of 1,000,000 log rows, alone" "${tsx[@]}" bench/log-export.ts "$DB" 1000000 1
run "CSV export over HTTP while a cycle runs: /healthz p99" "${tsx[@]}" bench/log-export-http.ts "$DB" 1000000 2000
run "log inserts while searches run" "${tsx[@]}" bench/log-insert.ts "$DB" 40000 8
run "duration-sorted log pages (the duration order that replaced the index)" "${tsx[@]}" bench/log-duration-sort.ts "$DB"
run "SIGKILL x3 during a 3,000-user initial cycle" "${tsx[@]}" bench/crash-recovery.ts 3000 3
run "3,000 changes at 100/s over 2,000 users: change -> target" "${tsx[@]}" bench/change-latency.ts 2000 3000 100
if [ "${BENCH_SKIP_BIG:-0}" != 1 ]; then
  run "100,000-user initial cycle: peak RSS" node --expose-gc --import tsx bench/big-tenant.ts 100000
fi
