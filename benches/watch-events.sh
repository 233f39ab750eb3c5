#!/usr/bin/env bash
# Benchmark: watching by events (EventBridge -> SQS) against polling, on loopback: the sandbox
# (BENCH_PIPELINES pipelines) publishes its state changes to moto's EventBridge; the watcher reads
# its queue from moto's SQS. Reports idle API calls per minute, failure -> alert latency, and the
# watcher's memory and CPU, for each mode. Builds release binaries on demand.
#   benches/watch-events.sh                                   # 1,000 pipelines, 60 s idle
#   BENCH_PIPELINES=10000 BENCH_MODES=events benches/watch-events.sh
#   BENCH_PIPELINES=100 BENCH_IDLE_SECS=20 benches/watch-events.sh   # quick look
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
ensure_venv
say "building the sandbox and the benchmark (release)"
cargo build --release --quiet -p pipewright-sandbox --bin pipewright-sandbox
cargo bench --quiet -p pipewright-watch --bench watch_events --no-run
work="$(mktemp -d)"
cleanup() {
  for pid in ${sandbox_pid:-} ${moto_pid:-}; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 100); do curl -s "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break; sleep 0.1; done
export MOTO_URL="http://127.0.0.1:$port"
# Every action takes 200 ms; Build of the fail-NNN pipelines fails.
{
  printf 'defaultDurationMs: 200\nactions:\n'
  for i in $(seq 0 $(( ${BENCH_FAILURES:-10} - 1 ))); do
    printf '  - pipeline: fail-%03d\n    stage: Build\n    fail: "exit status 1: 3 tests failed"\n' "$i"
  done
} >"$work/scenario.yaml"
"$CARGO_TARGET_DIR/release/pipewright-sandbox" --scenario "$work/scenario.yaml" \
  --events-endpoint "$MOTO_URL" >"$work/url" 2>"$work/sandbox.log" &
sandbox_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || die "the sandbox did not start: $(cat "$work/sandbox.log")"
export PIPEWRIGHT_SANDBOX_URL="$(head -n1 "$work/url")"
say "sandbox at $PIPEWRIGHT_SANDBOX_URL, moto at $MOTO_URL"
cargo bench --quiet -p pipewright-watch --bench watch_events
