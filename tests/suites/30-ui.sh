#!/usr/bin/env bash
# The designer UI (ui/): lint, typecheck, unit tests (Vitest), production build, then the
# end-to-end test in headless Chromium, with validation, parsing and rendering answered by the
# real `pipewright` CLI. Screenshots of each step land in test-artifacts/ui/, each with an
# axe-core audit of what it shows (no serious or critical violation). The exported SVG is drawn by
# Chromium and by rsvg-convert and the two pictures compared.
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_ui_deps
[ -x /usr/bin/chromium ] || die "Chromium is missing: sudo apt-get install -y chromium"
command -v rsvg-convert >/dev/null || die "rsvg-convert is missing: sudo apt-get install -y librsvg2-bin"
cargo build -p pipewright-cli --quiet
export PIPEWRIGHT_BIN="$CARGO_TARGET_DIR/debug/pipewright"
export PIPEWRIGHT_E2E_REQUIRE_CLI=1
cd "$ROOT/ui"
npm run --silent lint
npm run --silent typecheck
npm run --silent test
npm run --silent build
node e2e/designer.e2e.mjs
