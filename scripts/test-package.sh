#!/usr/bin/env bash
# The package suite: the packages as a user gets them. `make test` runs it last
# (tests/suites/50-package.sh); `make test-package` runs it alone. Builds a .deb and an .rpm of
# the debug build that the WebDriver suites already made (the dev profile: only the app crate is
# compiled again, for the bundle's configuration; `make package` checks the release build's own
# hygiene) with a test update key and a loopback update endpoint, plus a newer .deb signed with
# the same key; then runs tests/package/*.sh in order: install the .deb system-wide and drive the
# installed app, CLI, MIME type and removal; then update it from the loopback server (a tampered
# package refused, the real one installed). It installs and removes the `pipewright` package on
# this machine, so it needs root or password-less sudo (CI runs as root), and it refuses to
# replace a Pipewright that was already installed.
#   scripts/test-package.sh [SUITE-NAME...]   e.g. `install`, `update`
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

as_root true || die "the package suite installs the .deb system-wide: run make test as root or with password-less sudo"
if dpkg-query -W -f='${Status}' pipewright 2>/dev/null | grep -q "install ok installed"; then
  die "a pipewright package is already installed on this machine; remove it first (apt-get remove pipewright), the suite installs and removes its own"
fi
ensure_rust
# sudo: the updater installs a .deb through pkexec, a graphical sudo prompt or sudo (as root, sudo
# asks nothing). desktop-file-utils: the desktop entry's checks. rpm, cpio: read the .rpm's contents.
ensure_apt "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}" sudo desktop-file-utils xdg-utils rpm cpio binutils
ensure_ui_deps
ensure_tauri_driver
ensure_tauri_cli

started=$SECONDS
work="$(mktemp -d)"
export PACKAGE_TEST_WORK="$work"
trap 'rm -rf "$work"' EXIT

say "generating a throw-away update key pair (tauri signer generate)"
"$TAURI_CLI" signer generate --ci -w "$work/keys/updater.key" >/dev/null 2>&1 || die "could not generate the test update key"
export TAURI_SIGNING_PRIVATE_KEY="$work/keys/updater.key" TAURI_SIGNING_PRIVATE_KEY_PASSWORD=""
export PIPEWRIGHT_UPDATER_PUBKEY="$(cat "$work/keys/updater.key.pub")"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export PACKAGE_TEST_PORT="$port"
export PIPEWRIGHT_UPDATER_ENDPOINT="http://127.0.0.1:$port/latest.json"

version="$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "pipewright-app"))')"
newer="$(python3 -c 'import sys; a, b, c = sys.argv[1].split("-")[0].split("."); print(f"{a}.{b}.{int(c) + 1}")' "$version")"
export PACKAGE_TEST_VERSION="$version" PACKAGE_TEST_NEWER="$newer"
export PACKAGE_TEST_OLD="$work/old" PACKAGE_TEST_NEW="$work/new"

say "building the packages of Pipewright $version (the debug build)"
t=$SECONDS
bash scripts/package.sh --profile dev --out "$PACKAGE_TEST_OLD" || die "make package failed for the package suite"
say "built in $((SECONDS - t)) s"
say "building the newer .deb ($newer, same code, signed with the same key)"
t=$SECONDS
bash scripts/package.sh --profile dev --version "$newer" --bundles deb --out "$PACKAGE_TEST_NEW" || die "the newer package did not build"
say "built in $((SECONDS - t)) s"

failed=()
passed=0
for suite in "$ROOT"/tests/package/*.sh; do
  name="$(basename "$suite" .sh)"
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "${name#*-}"; then continue; fi
  say "package suite $name"
  t=$SECONDS
  if bash "$suite"; then passed=$((passed + 1)); else failed+=("$name"); fi
  say "$name took $((SECONDS - t)) s"
  # A suite that stopped half-way must not leave the package installed for the next one.
  if dpkg-query -W -f='${Status}' pipewright 2>/dev/null | grep -q "install ok installed"; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq pipewright >/dev/null || true
  fi
done
echo
say "package suites took $((SECONDS - started)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "package suites: $passed passed, ${#failed[@]} failed (${failed[*]})"
  exit 1
fi
echo "package suites: $passed passed, 0 failed"
