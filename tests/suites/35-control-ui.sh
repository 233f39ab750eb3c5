#!/usr/bin/env bash
# The control room UI (ui/src/control): its end-to-end test in headless Chromium, with the
# control commands answered by a stateful fake (pending approval -> approve with a summary ->
# status updates; a stale token says so and refreshes); then the keyboard-only scenario (a
# four-stage pipeline built in the designer and its release approved in the control room, with
# key presses only). Every screenshot step is also an axe-core audit (no serious or critical
# violation). Lint, typecheck and the Vitest unit tests of ui/ run in 30-ui.sh. Screenshots and
# audits land in test-artifacts/control/ and test-artifacts/keyboard/.
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_ui_deps
[ -x /usr/bin/chromium ] || die "Chromium is missing: sudo apt-get install -y chromium"
cd "$ROOT/ui"
npm run --silent build
node e2e/control.e2e.mjs
node e2e/keyboard.e2e.mjs
