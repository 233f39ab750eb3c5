#!/usr/bin/env bash
# "Compare with..." in the designer UI: the Chromium end-to-end test ui/e2e/review.e2e.mjs on the
# shared harness, the held-back example (tests/review) in a real git repository, reviewed by the
# real `pipewright diff`. Screenshots land in test-artifacts/review/, each with an axe-core audit
# (no serious or critical violation).
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_ui_deps
[ -x /usr/bin/chromium ] || die "Chromium is missing: sudo apt-get install -y chromium"
command -v git >/dev/null || die "git is missing: sudo apt-get install -y git"
cargo build -p pipewright-cli --quiet
export PIPEWRIGHT_BIN="$CARGO_TARGET_DIR/debug/pipewright"
export PIPEWRIGHT_E2E_REQUIRE_CLI=1
cd "$ROOT/ui"
npm run --silent build
node e2e/review.e2e.mjs
