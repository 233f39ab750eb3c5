#!/usr/bin/env bash
# Environments, IaC exports and the GitHub v1 migration in the real desktop app through WebDriver
# (tauri-driver + WebKitWebDriver) in a private X/D-Bus session: every answer comes from the app's
# Rust commands. Screenshots go to test-artifacts/webdriver-environments/.
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$ROOT"
ensure_tauri_driver
ensure_ui_deps

say "building the UI (npm run build in ui/), the CLI and the app (debug)"
(cd ui && npm run build --silent >/dev/null) || die "the UI did not build: run 'npm run build' in ui/ to see why"
cargo build -p pipewright-cli -p pipewright-app --quiet
app="$CARGO_TARGET_DIR/debug/pipewright-app"
cli="$CARGO_TARGET_DIR/debug/pipewright"
[ -x "$app" ] || die "the app binary is missing at $app"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$ROOT/test-artifacts/webdriver-environments"
rm -rf "$out"
log="$work/session.log"
if ! "$ROOT/scripts/with-session.sh" node tests/webdriver/environments.mjs --app "$app" --cli "$cli" --work "$work" --out "$out" >"$log" 2>&1; then
  cat "$log"
  die "the environments WebDriver test failed; screenshots are in test-artifacts/webdriver-environments/"
fi
grep -E '^(tauri-driver on|session|  screenshot|saved|webdriver)' "$log" || true
