#!/usr/bin/env bash
# The .deb as a user gets it: `apt-get install ./Pipewright_X_amd64.deb`, then what it put on the
# system (files, Depends, desktop entry, MIME type, man pages, completions, the UI embedded in
# the binary), the installed app driven over WebDriver (a design opened through the desktop entry's
# Exec line, the local sandbox's control room, the About box), the installed CLI on a design,
# and `apt-get purge`, after which nothing of it is left. The .rpm's contents are checked too.
# Run by scripts/test-package.sh, which builds the packages.
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$ROOT"
work="$PACKAGE_TEST_WORK/install"
mkdir -p "$work"
out="$ROOT/test-artifacts/package-install"
rm -rf "$out"; mkdir -p "$out"
deb="$(ls "$PACKAGE_TEST_OLD"/*.deb)"
rpm="$(ls "$PACKAGE_TEST_OLD"/*.rpm)"
fail() { die "install suite: $*"; }

say "package sizes: $(du -h "$deb" | cut -f1) .deb (installed $(dpkg-deb -f "$deb" Installed-Size) KiB), $(du -h "$rpm" | cut -f1) .rpm"

# What the file system holds before, to compare after install and after purge. Caches that the
# triggers of other packages rebuild (MIME database, desktop and icon caches) are not ours.
snapshot() {
  find /usr /etc /opt -xdev \( -path /usr/share/mime -o -path /etc/ld.so.cache \) -prune -o -print 2>/dev/null \
    | grep -vE '^/usr/share/(applications/mimeinfo\.cache|icons/hicolor/icon-theme\.cache)$' | sort
}
snapshot >"$work/before"

say "apt-get install $(basename "$deb")"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install failed"; }
dpkg -L pipewright | sort >"$work/files"
snapshot >"$work/installed"
# Nothing outside its files: every new path is one of the package's.
comm -13 "$work/before" "$work/installed" >"$work/new-paths"
extra="$(comm -23 "$work/new-paths" "$work/files")"
[ -z "$extra" ] || fail "the install created paths that are not the package's: $extra"
members="$(ar t "$deb" | tr '\n' ' ')"
[ "$members" = "debian-binary control.tar.xz data.tar.xz " ] || fail "the .deb's parts are not the control and data compressed with xz: $members"
control="$(dpkg-deb --ctrl-tarfile "$deb" | tar -t | sed 's|^\./||' | grep -v '^$' | sort | tr '\n' ' ')"
[ "$control" = "control md5sums " ] || fail "the package's control part holds more than control and md5sums (maintainer scripts?): $control"

say "checking the installed files, dependencies, desktop entry and MIME type"
# One binary: the CLI is the app's binary under its own name.
[ "$(readlink /usr/bin/pipewright)" = pipewright-app ] || fail "/usr/bin/pipewright is not a link to pipewright-app: $(ls -l /usr/bin/pipewright)"
python3 tests/package/check_installed.py --files "$work/files" --deb "$deb" --work "$work" \
  || fail "the installed package is not what a user expects (see above)"
# A debug build (what this suite bundles) links the web inspector: the check finds it, as it
# finds its absence in the release build `make package` makes.
python3 scripts/check-app-binary.py /usr/bin/pipewright-app --dist ui/dist --devtools present \
  || fail "the installed app binary does not embed the UI, or the devtools check does not see devtools"

say "checking the .rpm's contents"
rpm -qlp "$rpm" 2>/dev/null | sort >"$work/rpm-files"
for path in /usr/bin/pipewright-app /usr/bin/pipewright /usr/share/applications/Pipewright.desktop \
  /usr/share/mime/packages/pipewright.xml /usr/share/man/man1/pipewright.1.gz /usr/share/zsh/site-functions/_pipewright \
  /usr/share/icons/hicolor/512x512/apps/pipewright-app.png; do
  grep -qx "$path" "$work/rpm-files" || fail "the .rpm lacks $path"
done
[ "$(rpm -qp --queryformat '%{PAYLOADCOMPRESSOR}' "$rpm" 2>/dev/null)" = xz ] || fail "the .rpm's payload is not compressed with xz"
# Its /usr/bin/pipewright runs the app's binary as the CLI: tried on the one the .deb installed.
# (rpm2cpio 4.18 exits 1 on this .rpm although it writes the whole archive and `rpm -K` finds
# its digests right: what cpio unpacks is checked instead.)
{ rpm2cpio "$rpm" 2>/dev/null || true; } | (cd "$work" && cpio -id --quiet ./usr/bin/pipewright) \
  && [ -f "$work/usr/bin/pipewright" ] || fail "could not unpack /usr/bin/pipewright from the .rpm"
[ "$(bash "$work/usr/bin/pipewright" --version)" = "pipewright $PACKAGE_TEST_VERSION" ] \
  || fail "the .rpm's /usr/bin/pipewright does not run the CLI: $(bash "$work/usr/bin/pipewright" --version 2>&1)"
requires="$(rpm -qp --requires "$rpm" 2>/dev/null)"
for lib in 'libwebkit2gtk-4.1.so.0()(64bit)' 'libgtk-3.so.0()(64bit)' 'libayatana-appindicator3.so.1()(64bit)' 'libdbus-1.so.3()(64bit)'; do
  grep -qxF "$lib" <<<"$requires" || fail "the .rpm does not require $lib: $requires"
done

say "the installed CLI on a design"
cp tests/webdriver/fixture.json "$work/web.pipewright.json"
[ "$(pipewright --version)" = "pipewright $PACKAGE_TEST_VERSION" ] || fail "pipewright --version says $(pipewright --version)"
pipewright validate "$work/web.pipewright.json" >"$work/validate.out" || { cat "$work/validate.out"; fail "pipewright validate failed on the fixture"; }
pipewright export "$work/web.pipewright.json" --format codepipeline-json -o "$work/create.json" >/dev/null || fail "pipewright export failed"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["pipeline"]["name"] == "webdriver-demo", d' "$work/create.json" \
  || fail "the export is not the fixture's pipeline"
pipewright import "$work/create.json" -o "$work/web.pipewright.yaml" >/dev/null || fail "pipewright import failed"
pipewright validate "$work/web.pipewright.yaml" >/dev/null || fail "the imported YAML design does not validate"
bash -c 'source /usr/share/bash-completion/completions/pipewright && complete -p pipewright' | grep -q _pipewright \
  || fail "the bash completion does not register for pipewright"

say "the installed app over WebDriver (designer from the desktop entry, the sandbox's control room)"
if ! "$ROOT/scripts/with-session.sh" node tests/package/installed.mjs --desktop /usr/share/applications/Pipewright.desktop \
  --design "$work/web.pipewright.yaml" --version "$PACKAGE_TEST_VERSION" --build debug --out "$out" >"$work/session.log" 2>&1; then
  cat "$work/session.log"
  fail "the installed app failed its WebDriver checks; screenshots are in test-artifacts/package-install/"
fi
grep -E '^(tauri-driver on|session|  screenshot|designer|control room|about|exec)' "$work/session.log" || true

say "apt-get purge pipewright"
as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq pipewright >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "apt-get purge failed"; }
left=""
while IFS= read -r path; do
  # Folders are compared by the snapshot below (shared ones like /usr/bin stay).
  if [ -e "$path" ] && [ ! -d "$path" ]; then left="$left $path"; fi
done <"$work/files"
[ -z "$left" ] || fail "paths of the package are left after purge:$left"
snapshot >"$work/after"
diff -u "$work/before" "$work/after" >"$work/diff" || { cat "$work/diff"; fail "the file system differs from before the install"; }
grep -q x-pipewright-design /usr/share/mime/globs2 2>/dev/null && fail "the MIME database still knows the design file types"
echo "install, use and purge: nothing of the package is left"
