#!/usr/bin/env bash
# Benchmarks (never part of `make test`): criterion benches of the core, then every script under
# benches/ (each prints its numbers against its target). Usage: scripts/bench.sh [NAME-FILTER]
source "$(dirname "$0")/lib.sh"
ensure_rust
cd "$ROOT"
filter="${1:-}"
if [ -z "$filter" ] || [[ "core" == *"$filter"* ]]; then
  say "criterion: parse + validate (crates/core/benches)"
  cargo bench -p pipewright-core
fi
for b in benches/*; do
  [ -f "$b" ] || continue
  case "$b" in *"$filter"*) ;; *) continue ;; esac
  say "bench $b"
  case "$b" in
    *.sh) bash "$b" ;;
    *.mjs) ensure_ui_deps; node "$b" ;;
    *) echo "skipping $b (unknown kind)" ;;
  esac
done
