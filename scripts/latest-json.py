#!/usr/bin/env python3
"""Writes the updater's `latest.json` for a release: the version, its notes, and per platform the
package's URL and minisign signature (the `.sig` file Tauri's bundler writes beside each package
when TAURI_SIGNING_PRIVATE_KEY is set). tauri-plugin-updater looks up `{os}-{arch}-{installer}`
first (`linux-x86_64-deb` for an app installed from a .deb), then `{os}-{arch}`.

    scripts/latest-json.py --version 0.2.0 --base-url https://host/releases/download/v0.2.0 \
        [--notes TEXT | --notes-from CHANGELOG.md] PACKAGE... > latest.json

Used by the release workflow (.github/workflows/release.yml) and by the update test
(tests/package/update.sh), so both publish the same thing. Standard library only."""
import argparse
import datetime
import json
import os
import re
import sys

ARCH = {"amd64": "x86_64", "x86_64": "x86_64", "x64": "x86_64", "arm64": "aarch64", "aarch64": "aarch64"}
# (file name pattern, os, installer, also the plain `{os}-{arch}` entry)
KINDS = [
    (r"_(?P<arch>amd64|arm64)\.deb$", "linux", "deb", False),
    (r"\.(?P<arch>x86_64|aarch64)\.rpm$", "linux", "rpm", False),
    (r"_(?P<arch>amd64|aarch64)\.AppImage$", "linux", "appimage", True),
    (r"_(?P<arch>x86_64|aarch64)\.app\.tar\.gz$", "darwin", "app", True),
    (r"_(?P<arch>x64|arm64)-setup\.exe$", "windows", "nsis", True),
    (r"_(?P<arch>x64|arm64)_[^_]+\.msi$", "windows", "msi", False),
]


def notes_from_changelog(path, version):
    """The body of the `## [version]` section of a Keep a Changelog file."""
    text = open(path, encoding="utf-8").read()
    match = re.search(rf"^## \[{re.escape(version)}\][^\n]*\n(.*?)(?=^## \[|\Z)", text, re.S | re.M)
    if not match:
        sys.exit(f"error: {path} has no section `## [{version}]`; add the release's notes there first")
    return match.group(1).strip()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--version", required=True)
    p.add_argument("--base-url", required=True, help="where the packages are downloaded from")
    p.add_argument("--notes")
    p.add_argument("--notes-from", help="a Keep a Changelog file")
    p.add_argument("--pub-date", help="RFC 3339; default: now")
    p.add_argument("packages", nargs="+")
    a = p.parse_args()
    notes = a.notes if a.notes is not None else notes_from_changelog(a.notes_from, a.version) if a.notes_from else ""
    platforms = {}
    for package in a.packages:
        name = os.path.basename(package)
        for pattern, os_name, installer, plain in KINDS:
            m = re.search(pattern, name)
            if m:
                break
        else:
            sys.exit(f"error: {name} is not a package the updater installs (.deb, .rpm, .AppImage, .app.tar.gz, -setup.exe, .msi)")
        sig = package + ".sig"
        if not os.path.exists(sig):
            sys.exit(f"error: {sig} is missing; build the packages with TAURI_SIGNING_PRIVATE_KEY set")
        entry = {"signature": open(sig, encoding="utf-8").read().strip(), "url": f"{a.base_url.rstrip('/')}/{name}"}
        arch = ARCH[m.group("arch")]
        platforms[f"{os_name}-{arch}-{installer}"] = entry
        if plain:
            platforms.setdefault(f"{os_name}-{arch}", entry)
    date = a.pub_date or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    json.dump({"version": a.version, "notes": notes, "pub_date": date, "platforms": platforms}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
