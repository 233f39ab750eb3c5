// End-to-end test of the real desktop app through WebDriver (tauri-driver + WebKitWebDriver):
// open a design file given on the command line, add an action with the click-only path
// (stage-add-action-<stage> -> provider-option-<Category>-<Provider>), save with the toolbar,
// and check the file on disk; then check the CSP and that a second launch hands its file to the
// first window, that the window's geometry survives a restart and that the page follows the OS
// (GTK) light/dark theme. A screenshot is taken at each step.
//
//   node tests/webdriver/designer.mjs --app <abs path to pipewright-app> --design <file> --out <dir>
//
// Run it inside scripts/with-session.sh (Xvfb + D-Bus); tests/suites/40-webdriver.sh does.
// Plain W3C WebDriver over fetch: no Selenium, no browser download.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startDriver, until, untilExited } from "./webdriver.mjs";

const { values: opts } = parseArgs({
  options: {
    app: { type: "string" },
    design: { type: "string" },
    out: { type: "string", default: "test-artifacts/webdriver" },
    driver: { type: "string", default: "tauri-driver" },
  },
});
if (!opts.app || !opts.design) {
  console.error("usage: designer.mjs --app <binary> --design <file> [--out <dir>] [--driver <tauri-driver>]");
  process.exit(2);
}
const app = path.resolve(opts.app);
const design = path.resolve(opts.design);
const out = path.resolve(opts.out);
mkdirSync(out, { recursive: true });

const STAGE = "Build";
// tauri-plugin-single-instance's name on the session bus: `<identifier>.SingleInstance`.
const SINGLE_INSTANCE_BUS_NAME = "dev.pipewright.Pipewright.SingleInstance";
const PROVIDER = { category: "Approval", owner: "AWS", provider: "Manual" };
/** JSON with object keys sorted: equal values, whatever the key order (the saved file uses the
 * model's canonical field order). */
function canonical(value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

function readDesign() {
  return JSON.parse(readFileSync(design, "utf8"));
}

async function main() {
  const before = readDesign();
  const stageIndex = before.pipeline.stages.findIndex((s) => s.name === STAGE);
  check(stageIndex >= 0, `the fixture ${design} has no stage ${STAGE}`);
  const actionsBefore = before.pipeline.stages[stageIndex].actions.length;

  const { wd, log: driverLog, stop, port, nativePort } = await startDriver({ driver: opts.driver, out });
  console.log(`tauri-driver on 127.0.0.1:${port} (WebKitWebDriver on ${nativePort})`);
  try {
    await wd.start({ "tauri:options": { application: app, args: [design] } });
    console.log(`session ${wd.session}: ${app} ${design}`);

    // 1. The design file named on the command line is open.
    await wd.waitFor(`[data-testid="stage-${STAGE}"]`, 30000);
    for (const stage of before.pipeline.stages) {
      await wd.waitFor(`[data-testid="stage-${stage.name}"]`);
      for (const action of stage.actions)
        await wd.waitFor(`[data-testid="action-${stage.name}-${action.name}"]`);
    }
    const dirtyAtStart = await wd.findAll('[data-testid="dirty-marker"]');
    check(dirtyAtStart.length === 0, "a freshly opened design is marked as modified");
    await wd.screenshot("01-opened");

    // 2. Add an action to the stage, by clicks only.
    await wd.click(await wd.waitFor(`[data-testid="stage-add-action-${STAGE}"]`));
    const option = await wd.waitFor(
      `[data-testid="provider-option-${PROVIDER.category}-${PROVIDER.provider}"]`,
    );
    await wd.screenshot("02-provider-picker");
    await wd.click(option);
    const stageActions = () => wd.findAll(`[data-testid^="action-${STAGE}-"]`);
    await until(
      "the new action on the canvas",
      async () => (await stageActions()).length === actionsBefore + 1,
    );
    await wd.waitFor('[data-testid="dirty-marker"]');
    await wd.screenshot("03-action-added");

    // 3. Save with the toolbar button; the file on disk gets the new action.
    await wd.click(await wd.waitFor('[data-testid="save"]'));
    const after = await until(
      "the saved file to contain the new action",
      () => {
        const doc = readDesign();
        return doc.pipeline.stages[stageIndex].actions.length === actionsBefore + 1 ? doc : null;
      },
      15000,
    );
    await until(
      "the modified marker to clear",
      async () => (await wd.findAll('[data-testid="dirty-marker"]')).length === 0,
    );
    await wd.screenshot("04-saved");

    const added = after.pipeline.stages[stageIndex].actions.find(
      (a) => !before.pipeline.stages[stageIndex].actions.some((b) => b.name === a.name),
    );
    check(added, "no new action name in the saved stage");
    check(
      added.actionTypeId.category === PROVIDER.category &&
        added.actionTypeId.owner === PROVIDER.owner &&
        added.actionTypeId.provider === PROVIDER.provider,
      `the new action has type ${JSON.stringify(added.actionTypeId)}, expected ${JSON.stringify(PROVIDER)}`,
    );
    // Nothing else was lost on the way through the UI and back: every other action is unchanged,
    // fields Pipewright does not know included.
    for (const [i, stage] of before.pipeline.stages.entries()) {
      for (const action of stage.actions) {
        const saved = after.pipeline.stages[i].actions.find((a) => a.name === action.name);
        check(
          canonical(saved) === canonical(action),
          `action ${stage.name}/${action.name} changed: ${JSON.stringify(saved)}`,
        );
      }
    }
    for (const key of Object.keys(before.pipeline).filter((k) => k !== "stages")) {
      check(
        canonical(after.pipeline[key]) === canonical(before.pipeline[key]),
        `pipeline.${key} changed: ${JSON.stringify(after.pipeline[key])}`,
      );
    }
    console.log(`saved ${design}: ${STAGE} has ${actionsBefore + 1} actions, new one "${added.name}"`);

    // 3b. Undo the addition and save with the keyboard (Ctrl+S): the file is back to the original.
    await wd.click(await wd.waitFor('[data-testid="undo"]'));
    await until("undo to remove the new action", async () => (await stageActions()).length === actionsBefore);
    await wd.waitFor('[data-testid="dirty-marker"]');
    await wd.keys(["\uE009", "s"]);
    await until(
      "Ctrl+S to save the undone design",
      () => readDesign().pipeline.stages[stageIndex].actions.length === actionsBefore,
      15000,
    );
    await until(
      "the modified marker to clear",
      async () => (await wd.findAll('[data-testid="dirty-marker"]')).length === 0,
    );
    check(
      canonical(readDesign().pipeline) === canonical(before.pipeline),
      "after undo and Ctrl+S the pipeline differs from the original",
    );
    await wd.screenshot("04b-undone-and-saved-with-ctrl-s");
    console.log("undo + Ctrl+S: the file is back to the original");

    // 4. The content security policy holds: no network access, no inline script.
    const live = `http://127.0.0.1:${port}/status`; // a server that answers, so only CSP can block it
    const fetched = await wd.call("POST", wd.s("/execute/async"), {
      script:
        "const done = arguments[arguments.length - 1];" +
        "fetch(arguments[0], { mode: 'no-cors' }).then(() => done('allowed'), (e) => done('blocked: ' + e));",
      args: [live],
    });
    check(
      String(fetched).startsWith("blocked"),
      `the page could fetch ${live}: the CSP lets it reach the network`,
    );
    const inline = await wd.script(
      "const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true';" +
        "document.head.appendChild(s); return window.__inlineRan === true;",
    );
    check(inline === false, "an inline script ran: the CSP does not block inline scripts");
    console.log(`CSP: fetch ${fetched}; inline script blocked`);

    // 4b. Views load on first use (their own chunks) under that CSP, from the app's own origin:
    // the control room tab and back to the design.
    await wd.click(await wd.waitFor('[data-testid="view-control"]'));
    await wd.waitFor('[data-testid="control-room"]', 30000);
    await wd.screenshot("04-control-room-tab");
    await wd.click(await wd.waitFor('[data-testid="view-design"]'));
    await wd.waitFor(`[data-testid="stage-${STAGE}"]`, 30000);
    // (`origin` is "null" for a custom scheme such as tauri://: compare scheme and host.)
    const scripts = await wd.script(
      "const at = (u) => { const x = new URL(u, location.href); return x.protocol + '//' + x.host; };" +
        "return [...new Set([...document.querySelectorAll('script[src], link[rel=modulepreload]')]" +
        ".map((e) => at(e.src || e.href))" +
        ".concat(performance.getEntriesByType('resource').filter((r) => /\\.js(\\?|$)/.test(r.name))" +
        ".map((r) => at(r.name))))]",
    );
    const origin = await wd.script("return location.protocol + '//' + location.host");
    check(
      scripts.length > 0 && scripts.every((o) => o === origin),
      `scripts loaded from ${JSON.stringify(scripts)}, not only from the app's origin ${origin}`,
    );
    console.log(`CSP: lazy views load from the app's own origin (${origin})`);

    // 5. A second launch with a file hands it to this window (single instance) and exits.
    const second = path.join(path.dirname(design), "second-design.json");
    writeFileSync(
      second,
      JSON.stringify({ ...before, pipeline: { ...before.pipeline, name: "second-design" } }, null, 2),
    );
    const secondRun = spawn(app, [second], { stdio: "ignore", env: { ...process.env, NO_AT_BRIDGE: "1" } });
    const secondExit = await new Promise((resolve) => {
      const timer = setTimeout(() => {
        secondRun.kill();
        resolve("still running after 20 s");
      }, 20000);
      secondRun.on("exit", (code, signal) => {
        clearTimeout(timer);
        resolve(code ?? signal);
      });
    });
    check(secondExit === 0, `the second instance did not hand over and exit cleanly: ${secondExit}`);
    let title = "";
    await until("the first window to open the second file", async () => {
      title = await wd.script(
        "return document.querySelector('[data-testid=\"document-title\"]')?.textContent ?? ''",
      );
      return title.includes("second-design.json");
    }).catch((e) => {
      throw new Error(`${e.message}; the title says "${title}"`);
    });
    await wd.waitFor(`[data-testid="action-${STAGE}-${before.pipeline.stages[stageIndex].actions[0].name}"]`);
    await wd.screenshot("05-second-instance-file");
    console.log("single instance: a second launch opened its file in the first window");

    // 6. The window's size and position are remembered across runs (app config folder).
    const rect = { x: 40, y: 30, width: 1000, height: 700 };
    await wd.call("POST", wd.s("/window/rect"), rect);
    const stateFile = path.join(
      process.env.XDG_CONFIG_HOME ?? "",
      "dev.pipewright.Pipewright",
      ".window-state.json",
    );
    await until(`the window state in ${stateFile}`, () => {
      const saved = Object.values(JSON.parse(readFileSync(stateFile, "utf8")));
      return saved.some((w) => w.width === rect.width && w.height === rect.height);
    });
    await wd.stop();
    await untilExited(app, SINGLE_INSTANCE_BUS_NAME);
    await wd.start({ "tauri:options": { application: app, args: [design] } });
    await wd.waitFor(`[data-testid="stage-${STAGE}"]`, 30000);
    const restored = await wd.call("GET", wd.s("/window/rect"));
    check(
      restored.width === rect.width &&
        restored.height === rect.height &&
        restored.x === rect.x &&
        restored.y === rect.y,
      `the window came back at ${JSON.stringify(restored)}, not ${JSON.stringify(rect)}`,
    );
    await wd.screenshot("06-restarted-with-saved-geometry");
    console.log(`window state: restored ${restored.width}x${restored.height} at ${restored.x},${restored.y}`);

    // 7. The window follows the OS theme (the app never forces one): with GTK's default theme the
    // page does not prefer dark; with GTK's dark variant it does.
    const prefersDark = "return window.matchMedia('(prefers-color-scheme: dark)').matches";
    check((await wd.script(prefersDark)) === false, "the page prefers dark under GTK's light theme");
    await wd.stop();
    await untilExited(app, SINGLE_INSTANCE_BUS_NAME);
    const dark = await startDriver({ driver: opts.driver, out, env: { GTK_THEME: "Adwaita:dark" } });
    try {
      await dark.wd.start({ "tauri:options": { application: app, args: [design] } });
      await dark.wd.waitFor(`[data-testid="stage-${STAGE}"]`, 30000);
      check(
        (await dark.wd.script(prefersDark)) === true,
        "the page does not prefer dark under GTK's dark theme",
      );
      await dark.wd.screenshot("07-dark-theme");
    } finally {
      await dark.wd.stop();
      await untilExited(app).catch((e) => console.error(e.message));
      await dark.stop();
    }
    console.log("theme: follows GTK's light and dark variants");
    console.log("webdriver designer test: ok");
  } catch (e) {
    await wd.screenshot("99-failure").catch(() => {});
    const ids = await wd
      .script("return [...document.querySelectorAll('[data-testid]')].map((e) => e.dataset.testid).join(' ')")
      .catch((err) => `(could not list: ${err.message})`);
    console.error(`data-testids on the page: ${ids}`);
    console.error(`tauri-driver output:\n${driverLog.join("")}`);
    throw e;
  } finally {
    await stop();
    // Let the app finish exiting before the session (X, D-Bus, temp folders) is torn down.
    await untilExited(app).catch((e) => console.error(e.message));
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`webdriver designer test FAILED: ${e.message}`);
    process.exit(1);
  },
);
