// The installed app updating itself, driven over WebDriver: it offers the newer version at start
// (the prompt: version, notes, Install and restart), refuses the tampered package it is served
// first with a clear message while the installed version keeps running, then (the manifest now
// naming the real package, found with the About box's "Check for updates") downloads, verifies,
// installs and restarts into the newer version.
//
//   node tests/package/update.mjs --design <file> --old <x.y.z> --new <x.y.z> --notes <text>
//     --serve <folder served as the endpoint> --real <latest.json of the real package> --out <dir>
//
// Run inside scripts/with-session.sh; tests/package/20-update.sh does.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readlinkSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { instancesOf, startDriver, until, untilExited } from "../webdriver/webdriver.mjs";

const { values: opts } = parseArgs({
  options: {
    design: { type: "string" },
    old: { type: "string" },
    new: { type: "string" },
    notes: { type: "string" },
    serve: { type: "string" },
    real: { type: "string" },
    out: { type: "string", default: "test-artifacts/package-update" },
  },
});
const out = path.resolve(opts.out);
mkdirSync(out, { recursive: true });
const APP = "/usr/bin/pipewright-app";
const SINGLE_INSTANCE_BUS_NAME = "dev.pipewright.Pipewright.SingleInstance";

function check(cond, message) {
  if (!cond) throw new Error(message);
}

const installed = () => execFileSync("dpkg-query", ["-W", "-f=${Version}", "pipewright"], { encoding: "utf8" });

async function textOf(wd, css, timeoutMs) {
  return wd.text(await wd.waitFor(css, timeoutMs));
}

async function aboutVersion(wd) {
  await wd.click(await wd.waitFor('[data-testid="about-open"]'));
  const version = await textOf(wd, '[data-testid="about-version"]');
  const from = await textOf(wd, '[data-testid="about-installed-from"]');
  return { version, from };
}

async function main() {
  const design = path.resolve(opts.design);
  const { wd, log, stop, port } = await startDriver({ out });
  console.log(`tauri-driver on 127.0.0.1:${port}`);
  let restarted = [];
  try {
    await wd.start({ "tauri:options": { application: APP, args: [design] } });
    console.log(`session ${wd.session}: ${APP} ${design} (Pipewright ${opts.old})`);

    // 1. At start the app checks the endpoint built into it and offers the newer version.
    const offered = await textOf(wd, '[data-testid="update-version"]', 60000);
    check(offered.startsWith(`Update available: Pipewright ${opts.new}`), `the prompt says "${offered}"`);
    check(offered.includes(`you have ${opts.old}`), `the prompt does not say which version runs: "${offered}"`);
    const notes = await textOf(wd, '[data-testid="update-notes"]');
    check(notes === opts.notes, `the prompt's notes are "${notes}"`);
    check(installed() === opts.old, "something was installed before the user chose to");
    await wd.screenshot("01-update-offered");
    console.log(`offered: ${offered}; notes shown; nothing installed before the click`);

    // 2. The endpoint serves a tampered package: refused, in words, and this version still runs.
    await wd.click(await wd.waitFor('[data-testid="update-install"]'));
    const refusal = await textOf(wd, '[data-testid="update-error"]', 120000);
    check(
      refusal ===
        `Pipewright ${opts.new}: its signature does not match this app's update key, so it may have been tampered with and was not installed; Pipewright ${opts.old} still runs`,
      `the refusal says "${refusal}"`,
    );
    check(installed() === opts.old, `dpkg says ${installed()} after the tampered package`);
    await wd.screenshot("02-tampered-package-refused");
    console.log(`refused: ${refusal}`);
    await wd.click(await wd.waitFor('[data-testid="update-later"]'));
    const still = await aboutVersion(wd);
    check(still.version === `Pipewright ${opts.old}`, `after the refusal the About box says ${still.version}`);
    console.log(`still running: ${still.version}, installed from ${still.from}`);

    // 3. The real package: found again with "Check for updates", installed, and the app restarts.
    copyFileSync(opts.real, path.join(opts.serve, "latest.json"));
    await wd.click(await wd.waitFor('[data-testid="about-check"]'));
    await until(
      "the About box to find the update",
      async () => (await textOf(wd, '[data-testid="about-check-result"]')) === `Pipewright ${opts.new} is available.`,
      60000,
    );
    await wd.click(await wd.waitFor('[data-testid="about-close"]'));
    const before = new Set(instancesOf(APP));
    await wd.click(await wd.waitFor('[data-testid="update-install"]'));
    await until("dpkg to have the newer version", () => installed() === opts.new, 180000, 500);
    console.log(`installed: dpkg now has pipewright ${installed()}`);
    restarted = await until(
      "the app to restart from the newer binary",
      () => {
        const fresh = instancesOf(APP).filter((pid) => !before.has(pid));
        const live = fresh.filter((pid) => {
          try {
            return readlinkSync(`/proc/${pid}/exe`) === APP;
          } catch {
            return false;
          }
        });
        return live.length > 0 && before.size > 0 && [...before].every((pid) => !instancesOf(APP).includes(pid)) ? live : null;
      },
      60000,
      250,
    );
    execFileSync("import", ["-window", "root", path.join(out, "03-restarted.png")]);
    console.log(`restarted: pid ${restarted.join(", ")} runs ${APP} from the newer package; the old process exited`);

    // 4. The restarted app is the newer version (asked in a fresh session).
    for (const pid of instancesOf(APP)) process.kill(pid, "SIGTERM");
    await untilExited(APP, SINGLE_INSTANCE_BUS_NAME);
    await wd.stop().catch(() => undefined);
    await wd.start({ "tauri:options": { application: APP, args: [design] } });
    await wd.waitFor('[data-testid="stage-Build"]', 30000);
    const now = await aboutVersion(wd);
    check(now.version === `Pipewright ${opts.new}`, `after the update the About box says ${now.version}`);
    check(now.from === "deb", `after the update the app says it came from ${now.from}`);
    await wd.screenshot("04-about-after-update");
    console.log(`about: ${now.version}, installed from ${now.from}`);
  } catch (e) {
    console.error(log.join(""));
    throw e;
  } finally {
    await stop();
    for (const pid of instancesOf(APP)) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // Gone already.
      }
    }
    await untilExited(APP, SINGLE_INSTANCE_BUS_NAME).catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(`webdriver: ${e.stack ?? e}`);
  process.exit(1);
});
