#!/usr/bin/env bash
# The whole test suite: installs what it needs, then runs every suite in tests/suites in order.
# Each suite is a script that exits non-zero on failure. Usage: scripts/test.sh [SUITE-NAME...]
source "$(dirname "$0")/lib.sh"
ensure_rust
ensure_apt "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_node
ensure_venv
ensure_ui_deps

failed=()
passed=0
for suite in "$ROOT"/tests/suites/*.sh; do
  name="$(basename "$suite" .sh)"
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "${name#*-}"; then continue; fi
  say "suite $name"
  if bash "$suite"; then passed=$((passed + 1)); else failed+=("$name"); fi
done
echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "test suites: $passed passed, ${#failed[@]} failed (${failed[*]})"
  exit 1
fi
echo "test suites: $passed passed, 0 failed"
