// End-to-end test of the control room in headless Chromium (playwright-core + /usr/bin/chromium),
// reusing the designer's harness. The control commands are answered by a small stateful fake of
// the backend here (pipelines, a waiting approval, tokens that go stale); everything else goes to
// the designer's test backend. Screenshots go to test-artifacts/control/. Prints `N passed, N failed`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { audit } from "./axe.mjs";
import { Backend } from "./backend.mjs";
import { ControlFake } from "./control-fake.mjs";
import { bundleIpcMock, docShot, launchBrowser, REPO_DIR, serveDist } from "./harness.mjs";
import { timelineSteps } from "./timeline-steps.mjs";

const ARTIFACTS = path.join(REPO_DIR, "test-artifacts", "control");
fs.rmSync(ARTIFACTS, { recursive: true, force: true });
fs.mkdirSync(path.join(ARTIFACTS, "files"), { recursive: true });

const tid = (id) => `[data-testid="${id}"]`;
const results = [];
const server = await serveDist();
const mock = await bundleIpcMock();
const browser = await launchBrowser();
const backend = new Backend({ dir: path.join(ARTIFACTS, "files") });
const control = new ControlFake();
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
await page.exposeFunction("__pwBackend", async (cmd, args) => {
  try {
    const answer = control.handle(cmd, args ?? {});
    if (answer !== undefined) return { ok: true, value: answer };
    // The connection settings screen (reached from the control room) lists none.
    if (cmd === "list_connections")
      return {
        ok: true,
        value: { connections: [], active: null, keyringProblem: null, regions: ["us-east-1"] },
      };
    // No SSO connection: no session to show.
    if (cmd === "connection_sessions") return { ok: true, value: [] };
    // The control room opens first on the sandbox, as the real app does for a new user.
    if (cmd === "app_info")
      return { ok: true, value: { ...(await backend.handle(cmd, args)), firstView: "control" } };
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

/** Waits until `cond()` holds (a fake call made by a click). */
async function until(cond, ms = 5000) {
  for (const end = Date.now() + ms; !cond(); ) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms`);
    await page.waitForTimeout(50);
  }
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
        .slice(0, 6)
        .join("\n     ")}`,
    );
    await page
      .screenshot({ path: path.join(ARTIFACTS, `FAILED-${name.replace(/\W+/g, "-")}.png`) })
      .catch(() => {});
    stopped = true;
  }
}

await step("the control room opens first, labelled as the local sandbox", async () => {
  await page.waitForSelector(tid("control-room"));
  await page.waitForSelector(tid("sandbox-banner"));
  assert.match(await page.textContent(tid("sandbox-badge")), /Sandbox/);
  assert.match(await page.textContent(tid("control-connection")), /Local sandbox/);
  await page.waitForSelector(tid("pipeline-row-web-app"));
  await page.waitForSelector(tid("pipeline-row-data-jobs"));
});

await step("the pipeline asking for attention is open with its pending approval", async () => {
  await page.waitForSelector(tid("approval-Approval-ManualApproval"));
  assert.match(await page.textContent(tid("cr-stage-Build")), /412 tests passed/);
  assert.match(await page.textContent(tid("count-approvals")), /1 approval waiting/);
  await shot("pending-approval");
});

/** The contrast ratio of an element's text colour on its (opaque) background, or its parents'. */
async function contrastOf(selector) {
  return page.$eval(selector, (el) => {
    const rgb = (c) => c.match(/[\d.]+/g).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let bg = null;
    for (let e = el; e && !bg; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] === 1) bg = c;
    }
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg ?? [255, 255, 255])];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

/**
 * Approve is the primary action, Roll back and Stop destructive, Copy link quiet; the primary
 * button and the destructive text keep 4.5:1 in both themes (axe audits all text in the dark one).
 */
async function hierarchy() {
  try {
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      assert.match(await page.getAttribute(tid("approve-button"), "class"), /\bprimary\b/);
      assert.match(await page.getAttribute(tid("rollback-Build"), "class"), /\bdanger\b/);
      assert.match(await page.getAttribute(tid("stop-button"), "class"), /\bdanger\b/);
      assert.match(await page.getAttribute("text=Copy link", "class"), /\bquiet\b/);
      for (const id of ["approve-button", "rollback-Build", "reject-button"]) {
        const ratio = await contrastOf(tid(id));
        assert.ok(ratio >= 4.5, `${id} text contrast ${ratio.toFixed(2)}:1 in the ${scheme} theme`);
      }
      assert.match(await page.textContent(tid("pipeline-view")), /Superseded mode/);
      const [approve, reject] = [
        await page.locator(tid("approve-button")).boundingBox(),
        await page.locator(tid("reject-button")).boundingBox(),
      ];
      assert.equal(approve.y, reject.y, "Approve and Reject side by side");
      if (scheme === "dark") await audit(page, ARTIFACTS, "layout-1280-dark");
    }
  } finally {
    await page.emulateMedia({ colorScheme: "light" });
  }
}

await step(
  "the control room fits 1280x800, 1024x768 and 800x500: every stage and its buttons in sight",
  async () => {
    const sizes = [
      { width: 1280, height: 800, shot: "control-1280.png" },
      { width: 1024, height: 768 },
      { width: 800, height: 500, shot: "control-800.png" },
    ];
    try {
      for (const size of sizes) {
        await page.setViewportSize({ width: size.width, height: size.height });
        const boxes = await page.evaluate(() =>
          [...document.querySelectorAll(".cr-stage")].map((e) => {
            const r = e.getBoundingClientRect();
            const buttons = [...e.querySelectorAll("button")].map((b) => b.getBoundingClientRect());
            return {
              left: r.left,
              right: r.right,
              top: r.top,
              bottom: r.bottom,
              width: r.width,
              buttonsInside: buttons.every((b) => b.left >= r.left - 1 && b.right <= r.right + 1),
            };
          }),
        );
        assert.equal(boxes.length, 4);
        for (const b of boxes) {
          assert.ok(
            b.left >= 0 && b.right <= size.width,
            `a stage cut off at ${size.width} px: ${JSON.stringify(b)}`,
          );
          assert.ok(b.width <= 240, `a stage card ${b.width} px wide`);
          assert.ok(b.buttonsInside, `a stage's buttons run out of its card at ${size.width} px`);
        }
        // At the default size and at 1024 px the whole pipeline is in sight without scrolling; at
        // the minimum size the stages wrap and the page scrolls down to them.
        if (size.width >= 1024) {
          const last = boxes[3];
          assert.ok(last.bottom <= size.height, `the last stage ends at ${last.bottom} px of ${size.height}`);
        }
        if (size.width === 1280)
          assert.equal(
            new Set(boxes.map((b) => Math.round(b.top))).size,
            1,
            "four stages side by side at 1280 px",
          );
        const header = await page.locator(".cr-header").boundingBox();
        assert.ok(header.width <= size.width, "the header fits the window");
        if (size.shot) {
          await page.screenshot({ path: docShot(ARTIFACTS, size.shot) });
          await audit(page, ARTIFACTS, `layout-${size.width}`);
        }
        if (size.width === 1280) await hierarchy();
      }
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  },
);

await step("history rows open their action executions", async () => {
  await page.click(tid(`history-${control.exec}`));
  await page.waitForSelector("text=412 tests passed >> nth=1");
});

await step("reject needs a reason before it can be sent", async () => {
  await page.click(tid("reject-button"));
  await page.waitForSelector(tid("control-dialog"));
  assert.equal(await page.isDisabled(tid("dialog-submit")), true);
  await page.fill(tid("dialog-reason"), "Not today");
  await shot("reject-dialog");
  assert.equal(await page.isDisabled(tid("dialog-submit")), false);
  await page.click("text=Cancel");
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
});

await step("approve with a summary: the approval is decided and the view updates", async () => {
  await page.click(tid("approve-button"));
  // What is being approved: the approval's custom data, its review link, the waiting revisions.
  await page.waitForSelector(tid("approval-custom-data"));
  assert.equal(
    await page.textContent(tid("approval-custom-data")),
    "Check the checkout flow on staging first",
  );
  assert.match(await page.textContent(tid("approval-revisions")), /Source 4f2a9c1e faster checkout/);
  await page.click(tid("approval-review-link"));
  await until(() =>
    control.calls.some(
      (c) => c.cmd === "control_open_link" && c.args.url === "https://staging.example.com/releases/42",
    ),
  );
  // What it releases: when the token expires, the commits since the last approved run, what runs after.
  await page.waitForSelector(tid("approval-expiry"));
  assert.equal(
    await page.textContent(tid("approval-expiry")),
    "The approval expires in 6 days 23 h (at 2026-12-13 15:20 UTC).",
  );
  assert.match(
    await page.textContent(tid("approval-change-Source")),
    /3 commits, 5 files changed since the last approved run/,
  );
  const commits = await page.$$eval(`${tid("approval-commits")} li`, (ls) => ls.map((l) => l.textContent));
  assert.deepEqual(commits, [
    "4f2a9c1e faster checkout · Ana Souza",
    "3b3b3b3b Cache product images for a day · Kenji Watanabe",
    "2c2c2c2c Fix price rounding in the cart total · Priya Raman",
  ]);
  assert.equal(
    await page.textContent(tid("approval-runs-after")),
    "Runs after approvalDeploy: Deploy (CodeDeploy), then SmokeTest (CodeBuild)",
  );
  const release = control.calls.filter((c) => c.cmd === "control_release").at(-1);
  assert.equal(release.args.approval.pipelineExecutionId, control.exec);
  assert.deepEqual(release.args.seen, {
    connectionId: "sandbox",
    connection: "Local sandbox",
    region: "us-east-1",
  });
  await page.fill(tid("dialog-summary"), "Staging checked, ship it");
  await shot("approve-dialog");
  await page.screenshot({ path: docShot(ARTIFACTS, "approval-dialog.png") });
  const bodyTop = (await page.locator(".cr-body").boundingBox()).y;
  await page.click(tid("dialog-submit"));
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  await page.waitForSelector(tid("approval-Approval-ManualApproval"), { state: "detached" });
  assert.match(
    await page.textContent(tid("control-notice")),
    /Approved Approval › ManualApproval of web-app/,
  );
  // The notice floats over the bottom of the window: the page does not move down for it.
  assert.equal((await page.locator(".cr-body").boundingBox()).y, bodyTop);
  const notice = await page.locator(tid("control-notice")).boundingBox();
  assert.ok(notice.y + notice.height <= 900 && notice.y > 450, `notice at ${JSON.stringify(notice)}`);
  assert.match(await page.textContent(tid("cr-action-Approval-ManualApproval")), /Staging checked, ship it/);
  const decide = control.calls.find((c) => c.cmd === "control_decide");
  assert.equal(decide.args.request.summary, "Staging checked, ship it");
  assert.equal(decide.args.request.pipelineExecutionId, control.exec);
  assert.deepEqual(decide.args.request.decision, { decision: "approve" });
  // What the dialog showed goes with it: the token and the view's connection and region.
  assert.equal(decide.args.token, control.token);
  assert.deepEqual(decide.args.seen, {
    connectionId: "sandbox",
    connection: "Local sandbox",
    region: "us-east-1",
  });
  await shot("approved");
});

await step("a stale approval says so and refreshes the view", async () => {
  // Another person approved meanwhile: the UI still shows the old approval until it refreshes.
  control.decided = null;
  control.exec = "9f00-new-run";
  await page.click("text=↻ Refresh");
  await page.waitForSelector(tid("approval-Approval-ManualApproval"));
  await page.click(tid("approve-button"));
  control.decided = { status: "Approved", summary: "approved by someone else" };
  await page.click(tid("dialog-submit"));
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  assert.match(await page.textContent(tid("control-notice")), /already decided/);
  await page.waitForSelector(tid("approval-Approval-ManualApproval"), { state: "detached" });
  assert.match(await page.textContent(tid("cr-action-Approval-ManualApproval")), /approved by someone else/);
  await shot("stale");
});

await step("a production pipeline asks for its name typed back before approving", async () => {
  control.production = true;
  control.decided = null;
  control.exec = "prod-run-0001";
  await page.click("text=↻ Refresh");
  await page.waitForSelector(tid("approval-Approval-ManualApproval"));
  await page.click(tid("approve-button"));
  await page.waitForSelector(tid("dialog-confirm-name"));
  assert.equal(await page.isDisabled(tid("dialog-submit")), true);
  await page.fill(tid("dialog-confirm-name"), "web-ap");
  assert.equal(await page.isDisabled(tid("dialog-submit")), true);
  await page.fill(tid("dialog-confirm-name"), "web-app");
  await shot("production-confirmation");
  await page.click(tid("dialog-submit"));
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  const decide = control.calls.filter((c) => c.cmd === "control_decide").at(-1);
  assert.equal(decide.args.request.confirmation, "web-app");
  assert.match(await page.textContent(tid("control-notice")), /Approved/);
  control.production = false;
});

await step("a stage held by a deployment window is shown held, and Override lets it run", async () => {
  await page.click(tid("pipeline-row-api-dev"));
  await page.waitForSelector(tid("cr-held-Deploy"));
  assert.match(await page.textContent(tid("cr-stage-Deploy")), /held by its beforeEntry condition/);
  assert.match(
    await page.textContent(tid("cr-rule-Deploy-Window")),
    /Window: held by deployment window until 14:00 UTC/,
  );
  assert.match(await page.textContent(tid("cr-condition-state-Deploy-beforeEntry")), /holding the stage/);
  await page.click(tid("rule-executions-toggle-Deploy"));
  assert.match(
    await page.textContent(tid("rule-executions-Deploy")),
    /Window \(DeploymentWindow\): held by deployment window until 14:00 UTC/,
  );
  await shot("held-stage");
  await page.click(tid("override-Deploy-beforeEntry"));
  await page.waitForSelector(tid("control-dialog"));
  assert.match(await page.textContent(tid("control-dialog")), /Override the beforeEntry condition of Deploy/);
  assert.match(await page.textContent(tid("override-what")), /Execution 4b2d9e00 of api-dev is held by/);
  assert.match(await page.textContent(tid("control-dialog")), /enters Deploy now/);
  await shot("override-dialog");
  // Cancel sends nothing.
  await page.click("text=Cancel");
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  assert.equal(control.calls.filter((c) => c.cmd === "control_override").length, 0);
  await page.click(tid("override-Deploy-beforeEntry"));
  await page.click(tid("dialog-submit"));
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  const call = control.calls.find((c) => c.cmd === "control_override");
  assert.deepEqual(call.args, {
    pipeline: "api-dev",
    stage: "Deploy",
    condition: "beforeEntry",
    pipelineExecutionId: control.heldExec,
    confirmation: null,
    seen: { connectionId: "sandbox", connection: "Local sandbox", region: "us-east-1" },
  });
  assert.match(await page.textContent(tid("control-notice")), /Overrode the beforeEntry condition of Deploy/);
  await page.waitForSelector(tid("cr-held-Deploy"), { state: "detached" });
  assert.match(await page.textContent(tid("cr-condition-state-Deploy-beforeEntry")), /overridden/);
  assert.match(await page.textContent(tid("cr-action-Deploy-Deploy")), /Succeeded/);
  await shot("overridden");
});

await step(
  "Why it failed on a failed action shows the failed phase and the lines around the error",
  async () => {
    await page.click(tid("pipeline-row-data-jobs"));
    await page.click(tid("why-Build-Compile"));
    await page.waitForSelector(tid("why-panel"));
    await page.waitForSelector(tid("why-headline"));
    assert.equal(await page.textContent(tid("why-headline")), "npm ERR! code ERESOLVE");
    const call = control.calls.filter((c) => c.cmd === "control_why").at(-1);
    assert.deepEqual(call.args, {
      request: { pipeline: "data-jobs", pipelineExecutionId: control.failedExec, action: "Compile" },
      seen: { connectionId: "sandbox", connection: "Local sandbox", region: "us-east-1" },
    });
    assert.match(await page.textContent(tid("why-phase")), /Failed in INSTALL \(COMMAND_EXECUTION_ERROR\)/);
    assert.match(await page.textContent(tid("why-phase")), /npm ci\. Reason: exit status 1/);
    const around = await page.textContent(tid("why-lines-around"));
    assert.match(around, /npm ERR! code ERESOLVE/);
    assert.match(around, /npm WARN While resolving/);
    assert.match(await page.textContent(tid("why-lines-tail")), /Phase complete: INSTALL State: FAILED/);
    assert.match(
      await page.textContent(tid("why-revision-Source")),
      /4f2a9c1e Upgrade React to 19 by Tomás García/,
    );
    assert.match(await page.textContent(".why-line.first-error"), /2479\s*npm ERR! code ERESOLVE/);
    await shot("why-panel");
    // An earlier step's notice would lie over the panel in the docs' picture.
    await page
      .locator(`${tid("control-notice")} button`)
      .click({ timeout: 2000 })
      .catch(() => {});
    await page.waitForSelector(tid("control-notice"), { state: "detached" });
    await page.screenshot({ path: docShot(ARTIFACTS, "failure-panel.png") });
  },
);

await step("the search box keeps the matching lines and highlights the match", async () => {
  await page.fill(tid("why-search"), "eresolve");
  assert.equal(await page.textContent(tid("why-matches")), "3 lines");
  const around = await page.$$eval(`${tid("why-lines-around")} .why-line`, (ls) =>
    ls.map((l) => l.textContent),
  );
  assert.equal(around.length, 3, around.join("\n"));
  assert.ok(around.every((l) => /eresolve/i.test(l)));
  const marks = await page.$$eval(`${tid("why-panel")} mark`, (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.length >= 3 && marks.every((m) => m.toLowerCase() === "eresolve"), marks.join(","));
  assert.match(await page.textContent(tid("why-panel")), /No line here contains “eresolve”/);
  await shot("why-search");
  await page.fill(tid("why-search"), "");
  assert.equal(await page.$(tid("why-matches")), null);
});

await step("the log's ANSI colours are styled spans, and the failed tests are named", async () => {
  const err = await page.$$eval(".why-line.first-error .why-text span", (ss) =>
    ss.map((s) => ({ text: s.textContent, color: getComputedStyle(s).color })),
  );
  const red = err.find((s) => s.text === "ERR!");
  assert.ok(red, JSON.stringify(err));
  const [r, g, b] = red.color.match(/\d+/g).map(Number);
  assert.ok(r > 150 && g < 120 && b < 120, `ERR! is red: ${red.color}`);
  const panelText = await page.textContent(tid("why-panel"));
  assert.ok(!panelText.includes("\u001b") && !panelText.includes("[31;40m"), "no escape shows as text");
  const tests = await page.textContent(tid("why-failed-tests"));
  assert.match(tests, /src\/orders\/dedupe\.test\.ts\.dedupes orders by id/);
  assert.match(tests, /expect\(received\)\.toBe\(expected\)/);
  assert.match(tests, /rounds currency/);
  assert.match(await page.textContent(tid("why-tests")), /data-jobs-build-jest: 2 of 412 tests failed/);
});

await step("the whole log: virtualised, paged from its tail, searched with next and previous", async () => {
  await page.click(tid("why-log-open"));
  await page.waitForSelector(`${tid("why-full-count")}:has-text("10000 lines loaded")`);
  const call = control.calls.filter((c) => c.cmd === "control_log_page").at(-1);
  assert.deepEqual(call.args, {
    request: { group: "/aws/codebuild/data-jobs-build", stream: "7", before: null, limit: 10000 },
    seen: { connectionId: "sandbox", connection: "Local sandbox", region: "us-east-1" },
  });
  const rows = () => page.$$eval(".why-full-row", (rs) => rs.map((r) => r.textContent));
  let shown = await rows();
  assert.ok(shown.length > 10 && shown.length < 100, `only the rows in view: ${shown.length}`);
  assert.match(shown.at(-1), /^12000\s*npm http fetch GET 200/);
  assert.ok(
    shown.some((r) => /^11998\s*npm ERR! code ERESOLVE/.test(r)),
    shown.join("\n"),
  );
  await page.fill(tid("why-log-search"), "err!");
  assert.equal(await page.textContent(tid("why-log-matches")), "– of 2");
  await page.click(tid("why-log-next"));
  assert.equal(await page.textContent(tid("why-log-matches")), "1 of 2");
  assert.match(await page.textContent(".why-full-row.current"), /^6000\s*npm ERR! network retry 6000/);
  assert.equal(await page.textContent(".why-full-row.current mark"), "ERR!");
  await page.click(tid("why-log-prev"));
  await page.click(tid("why-log-prev"));
  assert.equal(await page.textContent(tid("why-log-matches")), "1 of 2");
  await page.fill(tid("why-log-search"), "onerror");
  await page.press(tid("why-log-search"), "Enter");
  assert.match(await page.textContent(".why-full-row.current"), /^5000\s*<img src=x onerror=/);
  assert.equal(await page.$(`${tid("why-panel")} img`), null);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await shot("why-full-log");
  await page.click(tid("why-log-earlier"));
  await page.waitForSelector(`${tid("why-full-count")}:has-text("12000 lines loaded (the whole log)")`);
  assert.equal(
    control.calls.filter((c) => c.cmd === "control_log_page").at(-1).args.request.before,
    "b/2000",
  );
  assert.equal(await page.$(tid("why-log-earlier")), null);
  assert.match(await page.textContent(".why-full-row.current"), /^5000\s*<img/, "the rows stay in place");
  await page.fill(tid("why-log-search"), "err!");
  assert.equal(await page.textContent(tid("why-log-matches")), "– of 3");
  await page.click(tid("why-log-next"));
  assert.match(await page.textContent(".why-full-row.current"), /^100\s*npm ERR! network retry 100/);
  shown = await rows();
  assert.ok(shown.length < 100, `still only the rows in view: ${shown.length}`);
  await page.click(tid("why-log-open"));
  await page.waitForSelector(tid("why-full-log"), { state: "detached" });
});

await step(
  "the console link opens through the backend, and a log it may not read is one sentence",
  async () => {
    await page.click(tid("why-console"));
    await until(() =>
      control.calls.some(
        (c) => c.cmd === "control_open_link" && /codebuild\/projects\/data-jobs-build/.test(c.args.url),
      ),
    );
    await page.click(tid("why-close"));
    await page.waitForSelector(tid("why-panel"), { state: "detached" });
    control.logDenied = true;
    await page.click(tid("why-Build-Compile"));
    await page.waitForSelector(tid("why-notes"));
    assert.match(await page.textContent(tid("why-notes")), /may not call logs:GetLogEvents on arn:aws:logs:/);
    assert.match(await page.textContent(tid("why-phase")), /Failed in INSTALL/);
    assert.equal(await page.$(tid("why-lines-around")), null);
    control.logDenied = false;
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("why-panel"), { state: "detached" });
  },
);

await step("Show why on a failure notification opens the pipeline with the panel", async () => {
  await page.click(tid("pipeline-row-web-app"));
  const before = control.calls.filter((c) => c.cmd === "control_why").length;
  await page.evaluate(
    (payload) => window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "control-open", payload }),
    {
      connection: "Local sandbox",
      pipeline: "data-jobs",
      approve: null,
      why: { stage: "Build", action: "Compile", pipelineExecutionId: control.failedExec },
    },
  );
  await page.waitForSelector(tid("why-headline"));
  assert.match(await page.textContent(tid("pipeline-view")), /data-jobs/);
  const calls = control.calls.filter((c) => c.cmd === "control_why");
  assert.equal(calls.length, before + 1);
  assert.deepEqual(calls.at(-1).args.request, {
    pipeline: "data-jobs",
    pipelineExecutionId: control.failedExec,
    action: "Compile",
  });
  assert.match(await page.textContent(tid("why-lines-around")), /npm ERR! code ERESOLVE/);
  await page.click(tid("why-close"));
});

await timelineSteps({ page, control, step, shot, until, artifacts: ARTIFACTS });

await step("PARALLEL mode: one approval card per waiting run, each deciding its own run", async () => {
  await page.click(tid("pipeline-row-mobile-release"));
  const [first, second] = control.parallelWaiting;
  await page.waitForSelector(tid(`approval-card-${first.exec}`));
  await page.waitForSelector(tid(`approval-card-${second.exec}`));
  // The rejected run stays what it is; the waiting runs are named on their own cards.
  const action = await page.textContent(tid("cr-action-Approval-ManualApproval"));
  assert.match(action, /Failed/);
  assert.match(action, /Rejected by alice/);
  assert.doesNotMatch(
    await page.textContent(`${tid("cr-action-Approval-ManualApproval")} .cr-action-head`),
    /Waiting/,
  );
  assert.equal(await page.locator(`${tid("approval-Approval-ManualApproval")} .cr-approval`).count(), 2);
  assert.match(await page.textContent(tid(`approval-card-${first.exec}`)), /Run a1a1a1a1 waits for approval/);
  assert.match(await page.textContent(tid(`approval-card-${first.exec}`)), /Add dark mode · Webhook/);
  assert.match(
    await page.textContent(tid(`approval-card-${second.exec}`)),
    /Run b2b2b2b2.*Fix crash on start/s,
  );
  await shot("parallel-approvals");
  // The tray's "Approve ... (run b2b2b2b2)" line: the dialog of that run, not the first one waiting.
  await page.evaluate(
    (payload) => window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "control-open", payload }),
    {
      connection: "Local sandbox",
      pipeline: "mobile-release",
      approve: { stage: "Approval", action: "ManualApproval", pipelineExecutionId: second.exec },
      why: null,
    },
  );
  await page.waitForSelector(tid("control-dialog"));
  const opened = await page.textContent(tid("control-dialog"));
  assert.match(opened, /Execution b2b2b2b2/);
  assert.doesNotMatch(opened, /a1a1a1a1/);
  await page.keyboard.press("Escape");
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  // Approve the second run: the request carries its execution id and token, not the first's.
  await page.click(`${tid(`approval-card-${second.exec}`)} ${tid("approve-button")}`);
  await page.waitForSelector(tid("control-dialog"));
  await page.click(tid("dialog-submit"));
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  const decide = control.calls.filter((c) => c.cmd === "control_decide").at(-1);
  assert.equal(decide.args.request.pipeline, "mobile-release");
  assert.equal(decide.args.request.pipelineExecutionId, second.exec);
  assert.equal(decide.args.request.parallel, true);
  assert.equal(decide.args.token, second.token);
  await page.waitForSelector(tid(`approval-card-${second.exec}`), { state: "detached" });
  await page.waitForSelector(tid(`approval-card-${first.exec}`));
  assert.match(await page.textContent(tid("control-notice")), /Approved/);
});

await step("another watched connection's failure shows and opens on its connection", async () => {
  assert.match(await page.textContent(tid("count-failing")), /^1 failing$/);
  assert.match(await page.textContent(tid("elsewhere")), /prod: billing/);
  await page.click(tid("elsewhere-prod-billing"));
  await until(() => control.calls.some((c) => c.cmd === "control_open"));
  const open = control.calls.find((c) => c.cmd === "control_open");
  assert.deepEqual(open.args, { connection: "prod", pipeline: "billing" });
});

await step("the settings choose the connections to watch", async () => {
  await page.click(tid("control-settings"));
  await page.waitForSelector(tid("settings-watch"));
  assert.equal(await page.isChecked(tid("watch-prod")), true);
  assert.equal(await page.isChecked(tid("watch-Local sandbox")), false);
  assert.match(await page.textContent(tid("watch-note-Local sandbox")), /while it is the active connection/);
  await page.check(tid("watch-audit"));
  assert.match(await page.textContent(tid("watch-note-audit")), /MFA code/);
  await page.uncheck(tid("watch-prod"));
  assert.match(await page.textContent(tid("watch-note-prod")), /stops being watched/);
  await shot("watch-settings");
  await page.click(tid("dialog-submit"));
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  const save = control.calls.filter((c) => c.cmd === "control_save_settings").at(-1);
  assert.deepEqual(save.args.settings.watched, ["id-mfa"]);
  assert.match(await page.textContent(tid("control-notice")), /Settings saved/);
});

/** The backend's `active-connection` event, as a switch in the app or a notification sends it. */
async function switchTo(which) {
  control.active = which;
  await page.evaluate(
    (active) =>
      window.__TAURI_INTERNALS__.invoke("plugin:event|emit", {
        event: "active-connection",
        payload: { active },
      }),
    control.connection(which),
  );
}

await step("a switch of connection takes the previous connection's pipeline off screen", async () => {
  await page.click(tid("pipeline-row-web-app"));
  await page.waitForSelector(`${tid("pipeline-view")} h2:has-text("web-app")`);
  await page.click(tid("start-button"));
  await page.waitForSelector(tid("control-dialog"));
  const viewsBefore = control.calls.length;
  await switchTo("prod");
  // The dialog acting on web-app closes; the list and the view are prod's.
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  await page.waitForSelector(tid("pipeline-row-web-app"), { state: "detached" });
  await page.waitForSelector(`${tid("pipeline-view")} h2:has-text("billing")`);
  assert.match(await page.textContent(tid("control-connection")), /prod/);
  assert.equal(await page.locator("text=does not exist").count(), 0);
  // Every button on screen acts on billing, on prod.
  await page.click(tid("start-button"));
  await page.waitForSelector(tid("control-dialog"));
  assert.match(await page.textContent(tid("control-dialog")), /billing/);
  await page.click("text=Cancel");
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  const asked = control.calls.slice(viewsBefore).filter((c) => c.cmd === "control_view");
  assert.ok(asked.length > 0);
  assert.ok(
    asked.every((c) => c.args.pipeline === "billing"),
    JSON.stringify(asked.map((c) => c.args.pipeline)),
  );
  await shot("switched-connection");
  // And back: the sandbox's pipelines return.
  await switchTo("sandbox");
  await page.waitForSelector(tid("pipeline-row-web-app"));
  await page.waitForSelector(tid("pipeline-row-billing"), { state: "detached" });
  await page.waitForSelector(tid("pipeline-view"));
});

await step("the designer is one click away and back", async () => {
  await page.click(tid("view-design"));
  await page.waitForSelector(tid("control-room"), { state: "detached" });
  await page.click(tid("view-control"));
  await page.waitForSelector(tid("control-room"));
});

await step("Connections… opens the connection settings on the designer's side", async () => {
  await page.click(tid("control-connections"));
  await page.waitForSelector(tid("control-room"), { state: "detached" });
  await page.waitForSelector(tid("view-bar"));
  await page.click(tid("view-control"));
  await page.waitForSelector(tid("control-room"));
});

await step("dark mode keeps the control room readable", async () => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForSelector(tid("pipeline-view"));
  await shot("dark");
  await page.emulateMedia({ colorScheme: "light" });
});

await step("no unmocked command was called and the page logged no errors", async () => {
  assert.deepEqual(backend.unmocked, []);
  assert.deepEqual(problems, []);
});

await browser.close();
await server.close();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
