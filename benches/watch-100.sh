#!/usr/bin/env bash
# Benchmark: the control-room watcher following 100 pipelines on the local sandbox.
# Reports API calls per minute idle and active, approval-ready -> alert (and notification) time,
# and the watcher's CPU use while idle. Builds release binaries on demand (several minutes cold).
#   benches/watch-100.sh                 # 100 pipelines, 60 s idle window (about 4 minutes)
#   BENCH_PIPELINES=20 BENCH_IDLE_SECS=20 BENCH_IDLE_INTERVAL_SECS=10 benches/watch-100.sh   # quick look
#   BENCH_NOTIFY=1 scripts/with-session.sh benches/watch-100.sh   # also time desktop notifications
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
say "building the sandbox and the benchmark (release)"
cargo build --release --quiet -p pipewright-sandbox --bin pipewright-sandbox
cargo bench --quiet -p pipewright-watch --bench watch100 --no-run
work="$(mktemp -d)"
cleanup() { [ -n "${sandbox_pid:-}" ] && kill "$sandbox_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# Source 1 s, Build idle+5 s (longer than the idle poll interval, so each pipeline is seen running
# before its approval becomes ready), then a manual approval that waits.
idle="${BENCH_IDLE_INTERVAL_SECS:-60}"
cat >"$work/scenario.yaml" <<YAML
defaultDurationMs: 1000
actions:
  - stage: Build
    durationMs: $(( (idle + 5) * 1000 ))
YAML
"$CARGO_TARGET_DIR/release/pipewright-sandbox" --scenario "$work/scenario.yaml" >"$work/url" 2>"$work/sandbox.log" &
sandbox_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || die "the sandbox did not start: $(cat "$work/sandbox.log")"
export PIPEWRIGHT_SANDBOX_URL="$(head -n1 "$work/url")"
say "sandbox at $PIPEWRIGHT_SANDBOX_URL (pid $sandbox_pid)"
cargo bench --quiet -p pipewright-watch --bench watch100
