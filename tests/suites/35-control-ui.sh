#!/usr/bin/env bash
# The control room UI (ui/src/control): its end-to-end test in headless Chromium, with the
# control commands answered by a stateful fake (pending approval -> approve with a summary ->
# status updates; a stale token says so and refreshes). Lint, typecheck and the Vitest unit
# tests of ui/ run in 30-ui.sh. Screenshots land in test-artifacts/control/.
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_ui_deps
[ -x /usr/bin/chromium ] || die "Chromium is missing: sudo apt-get install -y chromium"
cd "$ROOT/ui"
npm run --silent build
node e2e/control.e2e.mjs
