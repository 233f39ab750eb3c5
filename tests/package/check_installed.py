#!/usr/bin/env python3
"""Checks the installed Pipewright package the way a user's desktop sees it (tests/package/10-install.sh):
its files, its Depends against what the binaries link, the desktop entry, the MIME type of design
files, the man pages and completions (the binary's own hygiene is scripts/check-app-binary.py's).
Prints one line per problem and exits 1 if there is any."""
import argparse
import gzip
import os
import re
import subprocess
import sys

problems = []


def check(ok, message):
    if not ok:
        problems.append(message)
    return ok


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--files", required=True, help="dpkg -L pipewright, one path a line")
    p.add_argument("--deb", required=True)
    p.add_argument("--work", required=True)
    a = p.parse_args()
    files = set(filter(None, open(a.files).read().split("\n")))

    # The files a user expects.
    expected = [
        "/usr/bin/pipewright-app",
        "/usr/bin/pipewright",
        "/usr/share/applications/Pipewright.desktop",
        "/usr/share/mime/packages/pipewright.xml",
        "/usr/share/man/man1/pipewright.1.gz",
        "/usr/share/man/man1/pipewright-validate.1.gz",
        "/usr/share/bash-completion/completions/pipewright",
        "/usr/share/zsh/vendor-completions/_pipewright",
        "/usr/share/fish/vendor_completions.d/pipewright.fish",
        "/usr/share/doc/pipewright/changelog.gz",
    ]
    expected += [f"/usr/share/icons/hicolor/{s}x{s}/apps/pipewright-app.png" for s in (16, 24, 32, 48, 64, 128, 256, 512)]
    for path in expected:
        check(path in files and os.path.exists(path), f"missing {path}")
    for path in files:
        check(path == "/." or path.startswith(("/usr/bin/", "/usr/share/")) or path in ("/usr", "/usr/bin", "/usr/share"),
              f"{path} is outside /usr/bin and /usr/share")
    for binary in ("/usr/bin/pipewright-app", "/usr/bin/pipewright"):
        check(os.access(binary, os.X_OK), f"{binary} is not executable")

    # Depends: the libraries the app loads, and the package of every library the binaries link.
    depends = run("dpkg-deb", "-f", a.deb, "Depends").stdout.strip()
    names = [d.strip().split(" ")[0] for d in depends.split(",") if d.strip()]
    for pkg in ("libwebkit2gtk-4.1-0", "libgtk-3-0", "libayatana-appindicator3-1", "libdbus-1-3"):
        check(pkg in names, f"Depends lacks {pkg}: {depends}")
    closure = set(names)
    out = run("apt-cache", "depends", "--recurse", "--installed", "--no-recommends", "--no-suggests",
              "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *names).stdout
    for line in out.splitlines():
        m = re.match(r"^\s*(?:\|?(?:Pre)?Depends:\s*)?<?([a-z0-9][a-z0-9+.\-]*(?::[a-z0-9]+)?)>?$", line.strip())
        if m:
            closure.add(m.group(1).split(":")[0])
    for binary in ("/usr/bin/pipewright-app", "/usr/bin/pipewright"):
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", run("readelf", "-d", binary).stdout)
        # `name => /path (address)`, or `/path/name (address)` for the dynamic loader.
        ldd_out = run("ldd", binary).stdout
        ldd = dict(re.findall(r"^\s*(\S+) => (\S+)", ldd_out, re.M))
        ldd.update((os.path.basename(p), p) for p in re.findall(r"^\s*(/\S+) \(0x", ldd_out, re.M))
        for soname in needed:
            path = ldd.get(soname)
            if not check(path and path != "not", f"{binary}: {soname} is not found"):
                continue
            owner = ""
            for candidate in (path, os.path.realpath(path), path.replace("/usr/lib/", "/lib/", 1), path.replace("/lib/", "/usr/lib/", 1)):
                r = run("dpkg", "-S", candidate)
                if r.returncode == 0:
                    owner = r.stdout.split(":")[0]
                    break
            check(owner in closure, f"{binary} links {soname} ({owner or 'no package'}), which Depends does not bring")

    # The desktop entry: valid, opens a design given as a file (`%f`), for both MIME types.
    desktop = "/usr/share/applications/Pipewright.desktop"
    r = run("desktop-file-validate", desktop)
    check(r.returncode == 0 and not r.stdout.strip(), f"desktop-file-validate: {r.stdout}{r.stderr}")
    entry = dict(line.split("=", 1) for line in open(desktop).read().splitlines() if "=" in line)
    check(entry.get("Exec") == "pipewright-app %f", f"Exec is {entry.get('Exec')!r}")
    check(entry.get("Icon") == "pipewright-app", f"Icon is {entry.get('Icon')!r}")
    mimes = set(filter(None, entry.get("MimeType", "").split(";")))
    check(mimes == {"application/x-pipewright-design+json", "application/x-pipewright-design+yaml"}, f"MimeType is {mimes}")

    # The MIME type of design files, as GIO (file managers) sees it, and the app that opens them.
    for name, mime in (("web.pipewright.yaml", "application/x-pipewright-design+yaml"),
                       ("web.pipewright.yml", "application/x-pipewright-design+yaml"),
                       ("web.pipewright.json", "application/x-pipewright-design+json")):
        path = os.path.join(a.work, "mime-" + name)
        open(path, "w").write("{}\n" if name.endswith("json") else "pipeline: {}\n")
        r = run("gio", "info", "--attributes=standard::content-type", path)
        check(f"standard::content-type: {mime}" in r.stdout, f"{name} is not {mime}: {r.stdout}{r.stderr}")
        r = run("gio", "mime", mime)
        check("Pipewright.desktop" in r.stdout.split("\n")[0], f"{mime} does not open with Pipewright: {r.stdout}{r.stderr}")
    open(os.path.join(a.work, "mime-plain.json"), "w").write("{}\n")
    r = run("gio", "info", "--attributes=standard::content-type", os.path.join(a.work, "mime-plain.json"))
    check("application/json" in r.stdout, f"a plain .json file is no longer JSON: {r.stdout}")

    # Man pages and completions, generated from clap.
    page = gzip.open("/usr/share/man/man1/pipewright.1.gz", "rt").read()
    check(".TH pipewright 1" in page and "validate" in page, "pipewright.1 is not the CLI's man page")
    check(open("/usr/share/zsh/vendor-completions/_pipewright").read().startswith("#compdef pipewright"), "_pipewright is not a zsh completion")
    check("complete -c pipewright" in open("/usr/share/fish/vendor_completions.d/pipewright.fish").read(), "pipewright.fish is not a fish completion")

    for problem in problems:
        print(f"problem: {problem}")
    print(f"checked {len(expected)} files, {len(names)} dependencies, the desktop entry, the MIME types, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
