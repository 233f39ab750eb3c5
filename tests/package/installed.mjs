// The installed Pipewright driven over WebDriver (tauri-driver + WebKitWebDriver), as a user
// starts it: a design file opened through the desktop entry's Exec line (what a double-click
// does), then a start without a file, which opens the local sandbox's control room. The About
// box says which version runs and that it came from the .deb.
//
//   node tests/package/installed.mjs --desktop <entry> --design <file> --version <x.y.z> [--build debug|release] --out <dir>
//
// Run inside scripts/with-session.sh; tests/package/10-install.sh does.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startDriver, until, untilExited } from "../webdriver/webdriver.mjs";

const { values: opts } = parseArgs({
  options: {
    desktop: { type: "string" },
    design: { type: "string" },
    version: { type: "string" },
    build: { type: "string", default: "release" },
    out: { type: "string", default: "test-artifacts/package-install" },
  },
});
const out = path.resolve(opts.out);
mkdirSync(out, { recursive: true });
const SINGLE_INSTANCE_BUS_NAME = "dev.pipewright.Pipewright.SingleInstance";

function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** The command a desktop launches for `file`: the entry's Exec line, its field codes expanded. */
export function execFor(desktopFile, file) {
  const exec = readFileSync(desktopFile, "utf8")
    .split("\n")
    .find((l) => l.startsWith("Exec="))
    ?.slice("Exec=".length);
  check(exec, `${desktopFile} has no Exec line`);
  const argv = exec
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => {
      if (word === "%f" || word === "%F" || word === "%u" || word === "%U") return [file];
      if (/^%[a-zA-Z]$/.test(word)) return [];
      return [word];
    });
  const binary = execFileSync("sh", ["-c", 'command -v "$1"', "sh", argv[0]], { encoding: "utf8" }).trim();
  return { exec, binary, args: argv.slice(1) };
}

async function textOf(wd, css, timeoutMs) {
  return wd.text(await wd.waitFor(css, timeoutMs));
}

/** Opens the About box and returns what it says, then closes it. */
async function about(wd) {
  await wd.click(await wd.waitFor('[data-testid="about-open"]'));
  const facts = {
    version: await textOf(wd, '[data-testid="about-version"]'),
    build: await textOf(wd, '[data-testid="about-build"]'),
    installedFrom: await textOf(wd, '[data-testid="about-installed-from"]'),
    updates: await textOf(wd, '[data-testid="about-updates"]'),
  };
  return facts;
}

async function main() {
  const design = path.resolve(opts.design);
  const doc = JSON.parse(execFileSync("pipewright", ["export", design, "--format", "codepipeline-json"], { encoding: "utf8" }));
  const { exec, binary, args } = execFor(opts.desktop, design);
  console.log(`exec: ${exec} -> ${binary} ${args.join(" ")}`);
  check(binary === "/usr/bin/pipewright-app", `the desktop entry starts ${binary}, not the installed app`);

  const { wd, log, stop, port } = await startDriver({ out });
  console.log(`tauri-driver on 127.0.0.1:${port}`);
  try {
    // 1. A double-click on a design: the designer shows it.
    await wd.start({ "tauri:options": { application: binary, args } });
    console.log(`session ${wd.session}: ${binary} ${args.join(" ")}`);
    for (const stage of doc.pipeline.stages) {
      await wd.waitFor(`[data-testid="stage-${stage.name}"]`, 30000);
      for (const action of stage.actions) await wd.waitFor(`[data-testid="action-${stage.name}-${action.name}"]`);
    }
    const title = await wd.script(
      "return document.querySelector('[data-testid=\"document-title\"]')?.textContent ?? ''",
    );
    check(title === path.basename(design), `the title says ${title}, not ${path.basename(design)}`);
    await wd.screenshot("01-designer-from-desktop-entry");
    console.log(`designer: ${path.basename(design)} with ${doc.pipeline.stages.length} stages, opened as a double-click does`);

    const facts = await about(wd);
    check(facts.version === `Pipewright ${opts.version}`, `the About box says ${facts.version}`);
    check(facts.build === opts.build, `the installed app is a ${facts.build} build, not ${opts.build}`);
    check(facts.installedFrom === "deb", `the About box says it was installed from ${facts.installedFrom}`);
    check(/^signed, from http:\/\/127\.0\.0\.1:\d+\/latest\.json$/.test(facts.updates), `updates: ${facts.updates}`);
    await wd.screenshot("02-about");
    console.log(`about: ${facts.version}, ${facts.build} build, installed from ${facts.installedFrom}, updates ${facts.updates}`);
    await wd.click(await wd.waitFor('[data-testid="about-close"]'));
    await wd.stop();
    await untilExited(binary, SINGLE_INSTANCE_BUS_NAME);

    // 2. Started from the menu (no file): the local sandbox's control room, with its pipelines.
    await wd.start({ "tauri:options": { application: binary } });
    await wd.waitFor('[data-testid="control-room"]', 30000);
    await until(
      "the control room on the local sandbox",
      async () => /Local sandbox/.test(await textOf(wd, '[data-testid="control-connection"]')),
      30000,
    );
    const rows = await until(
      "the sandbox's sample pipelines",
      async () => {
        const found = await wd.findAll('[data-testid^="pipeline-row-"]');
        return found.length > 0 ? found : null;
      },
      30000,
    );
    await wd.screenshot("03-control-room-on-the-sandbox");
    console.log(`control room: the local sandbox with ${rows.length} pipelines`);
  } catch (e) {
    console.error(log.join(""));
    throw e;
  } finally {
    await stop();
    await untilExited(binary, SINGLE_INSTANCE_BUS_NAME).catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(`webdriver: ${e.stack ?? e}`);
  process.exit(1);
});
