#!/usr/bin/env bash
# Environments, IaC exports and the GitHub v1 migration in the designer UI: the Chromium
# end-to-end test ui/e2e/environments.e2e.mjs on the shared harness, with environments rendered
# and exported by the real `pipewright` CLI. Screenshots land in test-artifacts/environments/,
# each with an axe-core audit (no serious or critical violation).
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_ui_deps
[ -x /usr/bin/chromium ] || die "Chromium is missing: sudo apt-get install -y chromium"
cargo build -p pipewright-cli --quiet
export PIPEWRIGHT_BIN="$CARGO_TARGET_DIR/debug/pipewright"
export PIPEWRIGHT_E2E_REQUIRE_CLI=1
cd "$ROOT/ui"
npm run --silent build
node e2e/environments.e2e.mjs
