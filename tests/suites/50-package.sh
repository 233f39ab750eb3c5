#!/usr/bin/env bash
# The packages as a user gets them: the .deb and .rpm of the debug build the WebDriver suites made,
# installed system-wide, driven over WebDriver, updated through a signed update on loopback, and
# removed (scripts/test-package.sh, which `make test-package` runs alone; it needs root).
source "$(dirname "$0")/../../scripts/lib.sh"
exec bash "$ROOT/scripts/test-package.sh"
