// The keyboard-only scenario in headless Chromium: a four-stage pipeline is built in the designer
// and saved, then its release is approved in the control room, with key presses only (no click,
// no fill: every step goes through the page's keyboard, as a person without a mouse works). The
// designer commands are answered by the test backend (the real `pipewright` CLI when built), the
// control room by the control fake. Screenshots go to test-artifacts/keyboard/. Prints
// `N passed, N failed`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { audit } from "./axe.mjs";
import { Backend } from "./backend.mjs";
import { ControlFake } from "./control-fake.mjs";
import { bundleIpcMock, launchBrowser, REPO_DIR, serveDist } from "./harness.mjs";

const ARTIFACTS = path.join(REPO_DIR, "test-artifacts", "keyboard");
const FILES = path.join(ARTIFACTS, "files");
fs.rmSync(ARTIFACTS, { recursive: true, force: true });
fs.mkdirSync(FILES, { recursive: true });

const tid = (id) => `[data-testid="${id}"]`;
const results = [];

const server = await serveDist();
const mock = await bundleIpcMock();
const browser = await launchBrowser();
const backend = new Backend({ dir: FILES });
const control = new ControlFake();
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
await page.exposeFunction("__pwBackend", async (cmd, args) => {
  try {
    const answer = control.handle(cmd, args ?? {});
    if (answer !== undefined) return { ok: true, value: answer };
    // The bar's connection list (asked when it gets the focus) has none.
    if (cmd === "list_connections")
      return {
        ok: true,
        value: { connections: [], active: null, keyringProblem: null, regions: ["us-east-1"] },
      };
    return await backend.handle(cmd, args);
  } catch (error) {
    return { ok: false, error };
  }
});
await page.addInitScript({ content: mock });
const problems = [];
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
page.on("console", (m) => {
  if (m.type() === "error") problems.push(`console error: ${m.text()}`);
});
page.setDefaultTimeout(10_000);
await page.goto(server.url);

let shotNo = 0;
/** A screenshot of the step, and an axe audit of what it shows (no serious or critical violation). */
async function shot(name) {
  shotNo += 1;
  const file = `${String(shotNo).padStart(2, "0")}-${name}`;
  await page.screenshot({ path: path.join(ARTIFACTS, `${file}.png`) });
  await audit(page, ARTIFACTS, file);
}

let stopped = false;
async function step(name, fn) {
  if (stopped) {
    results.push({ name, ok: false });
    console.log(`SKIP ${name}`);
    return;
  }
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(
      `FAIL ${name}\n     ${String(err?.stack ?? err)
        .split("\n")
        .slice(0, 8)
        .join("\n     ")}`,
    );
    await page
      .screenshot({ path: path.join(ARTIFACTS, `FAILED-${name.replace(/\W+/g, "-")}.png`) })
      .catch(() => {});
    stopped = true;
  }
}

const press = (keys) => page.keyboard.press(keys);
const type = (text) => page.keyboard.type(text);

/** A description of the focused element, for messages. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "nothing";
    return `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ""}${el.dataset.id ? `#${el.dataset.id}` : ""} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").slice(0, 60)}"`;
  });

/** Whether the focused element matches a CSS selector. */
const focusIs = (selector) => page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);

async function waitFocus(selector, what = selector) {
  try {
    await page.waitForFunction((sel) => document.activeElement?.matches(sel), selector, { timeout: 5000 });
  } catch {
    throw new Error(`the focus should be on ${what}, it is on ${await focused()}`);
  }
}

/** Press Tab (or Shift+Tab) until the focus is on `selector`: what a keyboard user does. */
async function tabTo(selector, { back = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await focusIs(selector)) return;
    await press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${max} presses of Tab did not reach ${selector}; the focus is on ${await focused()}`);
}

/** F6 until the focus is inside the area `selector`. */
async function f6To(selector) {
  for (let i = 0; i < 12; i++) {
    if (await page.evaluate((sel) => !!document.activeElement?.closest(sel), selector)) return;
    await press("F6");
  }
  throw new Error(`F6 did not reach ${selector}; the focus is on ${await focused()}`);
}

/** Replace the text of the focused field by typing. */
async function retype(text) {
  await press("Control+a");
  await type(text);
}

/** The card of a node id. */
const card = (id) => `.react-flow__node[data-id="${id}"]`;

/** The open design as it would be saved (read from the inspector-independent code view). */
const designStages = async () => {
  const file = path.join(FILES, "web-app.json");
  return JSON.parse(fs.readFileSync(file, "utf8")).pipeline.stages;
};

/** Adds an action from the provider list to the selected stage: A, type, Tab to it, Enter. */
async function addAction(filter, providerKey) {
  await press("a");
  await page.waitForSelector(tid("provider-picker"));
  await waitFocus('[data-testid="provider-picker"] input[type="search"]', "the provider filter");
  await type(filter);
  await tabTo(tid(`provider-option-${providerKey}`));
  await press("Enter");
  await page.waitForSelector(tid("provider-picker"), { state: "detached" });
}

await step("a new design starts from the keyboard (Ctrl+N on the start screen)", async () => {
  await page.waitForSelector(tid("start-screen"));
  await press("Control+n");
  await page.waitForSelector(tid("stage-Source"));
  await page.waitForSelector(tid("inspector"));
  await page.waitForSelector(tid("palette-item-Deploy-CodeDeploy"));
});

await step("? lists the shortcuts; Escape closes the list and gives the focus back", async () => {
  await f6To('[data-region][aria-label="Pipeline canvas"]');
  await waitFocus(".react-flow__node", "a card of the canvas");
  const before = await focused();
  await press("?");
  await page.waitForSelector(tid("shortcuts-dialog"));
  assert.match(await page.textContent(tid("shortcuts-dialog")), /Alt\+↑/);
  await shot("shortcuts");
  await press("Escape");
  await page.waitForSelector(tid("shortcuts-dialog"), { state: "detached" });
  assert.equal(await focused(), before, "the focus is back on the card");
});

await step("the pipeline is renamed: Escape selects it, F2 edits its name", async () => {
  await press("Escape");
  await press("F2");
  await waitFocus(tid("inspector-field-name"), "the pipeline's name");
  await retype("web-app");
  await page.waitForFunction(() =>
    /web-app/.test(document.querySelector('[data-testid="document-title"]')?.textContent ?? ""),
  );
});

await step("S adds a stage, F2 renames it, A adds a manual approval to it", async () => {
  await f6To('[data-region][aria-label="Pipeline canvas"]');
  await press("s");
  await waitFocus(card("stage:Stage"), "the new stage's card");
  assert.match(await page.getAttribute(card("stage:Stage"), "aria-label"), /^Stage stage, 3 of 3, 0 actions/);
  await press("F2");
  await waitFocus(tid("inspector-field-name"), "the stage's name");
  await retype("Approval");
  await page.waitForSelector(tid("stage-Approval"));
  await f6To('[data-region][aria-label="Pipeline canvas"]');
  await waitFocus(card("stage:Approval"), "the Approval stage's card");
  await addAction("manual", "Approval-Manual");
  await waitFocus(card("action:Approval/Manual"), "the new action's card");
  await press("F2");
  await waitFocus(tid("inspector-field-name"), "the action's name");
  await retype("ManualApproval");
  await page.waitForSelector(tid("action-Approval-ManualApproval"));
});

await step("a fourth stage deploys with CodeDeploy; the problems lead to the fields to fill", async () => {
  await f6To('[data-region][aria-label="Pipeline canvas"]');
  await press("s");
  await waitFocus(card("stage:Stage"), "the new stage's card");
  await press("F2");
  await retype("Deploy");
  await page.waitForSelector(tid("stage-Deploy"));
  await f6To('[data-region][aria-label="Pipeline canvas"]');
  await addAction("codedeploy", "Deploy-CodeDeploy");
  await waitFocus(card("action:Deploy/CodeDeploy"), "the CodeDeploy card");
  // The required keys are missing: the problems panel lists them, Enter on one focuses its field.
  await page.waitForSelector(`${tid("problems-panel")} [data-pointer$="/ApplicationName"]`);
  assert.match(
    await page.getAttribute(card("action:Deploy/CodeDeploy"), "aria-label"),
    /^Deploy stage, action CodeDeploy, CodeDeploy, run order 1, \d+ errors?/,
  );
  await f6To(tid("problems-panel"));
  await tabTo('[data-pointer$="/ApplicationName"]');
  await press("Enter");
  await waitFocus('[data-field="ApplicationName"]', "the ApplicationName field");
  await type("web-app");
  await f6To(tid("problems-panel"));
  await tabTo('[data-pointer$="/DeploymentGroupName"]');
  await press("Enter");
  await waitFocus('[data-field="DeploymentGroupName"]', "the DeploymentGroupName field");
  await type("production");
  await page.waitForSelector(`${tid("problems-panel")} [data-pointer$="/DeploymentGroupName"]`, {
    state: "detached",
  });
});

await step("the artifacts are connected from the inspector with Space", async () => {
  // CodeDeploy took the nearest upstream artifact; untick it and tick it back.
  const input = tid("inspector-input-BuildOutput");
  assert.equal(await page.isChecked(input), true);
  await tabTo(input);
  await press("Space");
  await page.waitForFunction((sel) => !document.querySelector(sel)?.checked, input);
  await page.waitForSelector('.react-flow__edge[data-id$="->action:Deploy/CodeDeploy:BuildOutput"]', {
    state: "detached",
  });
  await press("Space");
  await page.waitForSelector('.react-flow__edge[data-id$="->action:Deploy/CodeDeploy:BuildOutput"]');
  assert.match(
    await page.getAttribute(
      '.react-flow__edge[data-id$="->action:Deploy/CodeDeploy:BuildOutput"]',
      "aria-label",
    ),
    /^Artifact BuildOutput from Build › Build to Deploy › CodeDeploy$/,
  );
});

await step("an action moves between run orders and stages with Alt and the arrow keys", async () => {
  // A second build action runs after the first; Alt+← makes them run in parallel.
  await f6To('[data-region][aria-label="Pipeline canvas"]');
  await tabTo(card("stage:Build"), { back: true });
  await press("Enter");
  await addAction("test", "Test-CodeBuild");
  await waitFocus(card("action:Build/CodeBuild"), "the new test action");
  assert.equal(await page.inputValue(tid("inspector-field-runOrder")), "2");
  await press("Alt+ArrowLeft");
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.value === "1",
    tid("inspector-field-runOrder"),
  );
  assert.match(await page.textContent(tid("announcer")), /in parallel with Build/);
  // Alt+↓ takes it to the next stage, Alt+↑ brings it back; Ctrl+Z undoes the moves.
  await waitFocus(card("action:Build/CodeBuild"), "the moved action");
  await press("Alt+ArrowDown");
  await waitFocus(card("action:Approval/CodeBuild"), "the action in its new stage");
  await press("Alt+ArrowUp");
  await waitFocus(card("action:Build/CodeBuild"), "the action back in Build");
  await shot("moved-by-keyboard");
  // The test action is not part of the release: Delete removes it.
  await press("Delete");
  await page.waitForSelector(card("action:Build/CodeBuild"), { state: "detached" });
});

await step("the four stages are on the canvas and Ctrl+S saves them", async () => {
  const stages = await page
    .locator('[data-testid^="stage-"][class*="stage-node"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
  assert.deepEqual(stages, ["stage-Source", "stage-Build", "stage-Approval", "stage-Deploy"]);
  await shot("four-stages");
  await f6To('[data-region][aria-label="Pipeline canvas"]');
  await press("Control+s");
  await page.waitForSelector(tid("dirty-marker"), { state: "detached" });
  const saved = await designStages();
  assert.deepEqual(
    saved.map(
      (s) => `${s.name}: ${s.actions.map((a) => `${a.name} (${a.actionTypeId.provider})`).join(", ")}`,
    ),
    [
      "Source: Source (CodeCommit)",
      "Build: Build (CodeBuild)",
      "Approval: ManualApproval (Manual)",
      "Deploy: CodeDeploy (CodeDeploy)",
    ],
  );
  assert.deepEqual(saved[3].actions[0].configuration, {
    ApplicationName: "web-app",
    DeploymentGroupName: "production",
  });
});

await step(
  "the control room is reached from the bar of views with F6, the arrow keys and Enter",
  async () => {
    await f6To(tid("view-bar"));
    await waitFocus(tid("view-design"), "the Design tab");
    await press("ArrowRight");
    await press("ArrowRight");
    await press("ArrowRight");
    await waitFocus(tid("view-control"), "the Control room tab");
    await press("Enter");
    await page.waitForSelector(tid("control-room"));
    await page.waitForSelector(tid("approval-Approval-ManualApproval"));
  },
);

await step("a history row opens with Enter", async () => {
  await tabTo(tid(`history-toggle-${control.exec}`));
  await press("Enter");
  await page.waitForSelector(`#actions-${control.exec}`);
  assert.equal(await page.getAttribute(tid(`history-toggle-${control.exec}`), "aria-expanded"), "true");
});

await step("the release is approved: Approve…, a summary, Tab to Approve, Enter", async () => {
  await f6To(tid("pipeline-view"));
  await tabTo(tid("approve-button"));
  await press("Enter");
  await page.waitForSelector(tid("control-dialog"));
  await waitFocus(tid("dialog-summary"), "the summary field");
  await audit(page, ARTIFACTS, "approve-dialog");
  await type("Deployed to staging and checked");
  await tabTo(tid("dialog-submit"));
  await shot("approve-by-keyboard");
  await press("Enter");
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  await page.waitForSelector(tid("approval-Approval-ManualApproval"), { state: "detached" });
  const decide = control.calls.find((c) => c.cmd === "control_decide");
  assert.equal(decide.args.request.summary, "Deployed to staging and checked");
  assert.deepEqual(decide.args.request.decision, { decision: "approve" });
  assert.equal(decide.args.request.pipeline, "web-app");
  assert.match(
    await page.textContent(tid("control-notice")),
    /Approved Approval › ManualApproval of web-app/,
  );
  // The Approve button is gone with the approval: the focus lands on the pipeline's heading.
  await waitFocus(`${tid("pipeline-view")} h2`, "the pipeline's heading");
  await shot("approved");
});

await step("no mouse was needed: no unmocked command, no page error", async () => {
  assert.deepEqual(backend.unmocked, []);
  assert.deepEqual(problems, []);
});

await browser.close();
await server.close();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`keyboard e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
