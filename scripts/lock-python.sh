#!/usr/bin/env bash
# Move the Python test lock forward on purpose: compile tests/requirements.in into
# tests/requirements.txt (every package at an exact version, with hashes) using pip-tools at a
# pinned version in a throw-away venv. Run `make test` afterwards: the suites must pass on the new
# lock before it is committed. Usage: make lock-python  (or scripts/lock-python.sh [pip-compile ARGS])
source "$(dirname "$0")/lib.sh"
PIP_TOOLS_VERSION=7.7.0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv" || die "python3 -m venv failed: install python3-venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check "pip-tools==$PIP_TOOLS_VERSION"
cd "$ROOT/tests"
say "compiling tests/requirements.in -> tests/requirements.txt (pip-tools $PIP_TOOLS_VERSION)"
CUSTOM_COMPILE_COMMAND="make lock-python" "$work/venv/bin/pip-compile" --quiet --upgrade \
  --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
  --output-file requirements.txt requirements.in "$@"
git -C "$ROOT" diff --stat -- tests/requirements.txt
say "now run 'make test': the suites must pass on the new lock before it is committed"
