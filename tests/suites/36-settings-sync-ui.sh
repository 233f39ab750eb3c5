#!/usr/bin/env bash
# The connections settings and the sync review screen (ui/src/connections, ui/src/sync) in
# headless Chromium, with the Tauri IPC mocked and the connections and sync commands answered by
# a recording fake (the Rust side is tested through real IPC in src-tauri: remote_ipc_tests).
# Screenshots land in test-artifacts/settings-sync/, each with an axe-core audit (no serious or
# critical violation).
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_ui_deps
[ -x /usr/bin/chromium ] || die "Chromium is missing: sudo apt-get install -y chromium"
cd "$ROOT/ui"
npm run --silent build
node e2e/settings-sync.e2e.mjs
