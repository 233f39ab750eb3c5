#!/usr/bin/env python3
"""Checks a built pipewright-app binary's hygiene: it embeds the built UI (every file of ui/dist,
by the path the app serves it at), and the web inspector (devtools) is linked in only when it
may be. `make package` runs it on the release build, which must have no inspector; the package
suite (tests/package/10-install.sh) on the installed debug build, which has one, so that the
check is seen to find it.

    scripts/check-app-binary.py BINARY --dist ui/dist --devtools absent|present
"""
import argparse
import os
import subprocess
import sys

# What wry calls to open WebKitGTK's inspector; linked in only with devtools.
INSPECTOR = ("webkit_web_inspector_show", "webkit_web_view_get_inspector")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--dist", required=True, help="ui/dist, the UI the binary must embed")
    p.add_argument("--devtools", choices=("absent", "present"), required=True)
    a = p.parse_args()
    problems = []
    binary = open(a.binary, "rb").read()
    assets = [os.path.relpath(os.path.join(d, f), a.dist) for d, _, fs in os.walk(a.dist) for f in fs]
    if len(assets) <= 3 or "index.html" not in assets:
        problems.append(f"{a.dist} holds only {assets}: build the UI first (npm run build in ui/)")
    for asset in assets:
        if ("/" + asset).encode() not in binary:
            problems.append(f"the app does not embed ui/dist/{asset}")
    imports = subprocess.run(["nm", "-D", "--undefined-only", a.binary], capture_output=True, text=True, check=True).stdout
    linked = [s for s in INSPECTOR if s in imports]
    if a.devtools == "absent" and linked:
        problems.append(f"the app links {', '.join(linked)}: it has devtools, which a release build must not")
    if a.devtools == "present" and len(linked) != len(INSPECTOR):
        problems.append(f"the debug app does not link {INSPECTOR}: the devtools check would find nothing")
    for problem in problems:
        print(f"problem: {problem}")
    print(f"{a.binary}: {len(assets)} embedded UI files, devtools {a.devtools}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
