// The control room's e2e steps for the run timeline (called from control.e2e.mjs): a history row's
// "Timeline" opens its run's strip (stages in order, status words, durations, the retried build's
// attempts, the running Deploy, trigger and revision) on the connection the view was made on, with
// the focus on its heading; a second run picked from the keyboard shows the comparison; a change of
// its pipeline reads the running run again; Escape closes it. Writes docs/screenshots/timeline.png
// when UPDATE_SCREENSHOTS=1.
import assert from "node:assert/strict";
import { docShot } from "./harness.mjs";

const tid = (id) => `[data-testid="${id}"]`;

export async function timelineSteps({ page, control, step, shot, until, artifacts }) {
  await step("a history row opens its run's timeline with status words and durations", async () => {
    await page.click(tid("pipeline-row-web-app"));
    await page.waitForSelector(tid(`history-${control.exec}`));
    await page.click(tid(`timeline-open-${control.exec}`));
    await page.waitForSelector(tid("timeline-strip"));
    const call = control.calls.filter((c) => c.cmd === "control_timeline").at(-1);
    assert.deepEqual(call.args, {
      pipeline: "web-app",
      execution: control.exec,
      seen: { connectionId: "sandbox", connection: "Local sandbox", region: "us-east-1" },
    });
    // The focus moves to the panel's heading (keyboard users land on what opened).
    assert.equal(await page.evaluate(() => document.activeElement?.id), "tl-title");
    const rows = await page.$$eval(`${tid("timeline-strip")} tbody tr`, (trs) =>
      trs.map((tr) => tr.querySelector("th")?.textContent?.trim()),
    );
    assert.deepEqual(rows, [
      "Source",
      "Source",
      "Build",
      "Build",
      "Approval",
      "ManualApproval",
      "Deploy",
      "Deploy",
    ]);
    const build = await page.textContent(tid("timeline-row-Build-Build"));
    assert.match(build, /Succeeded/);
    assert.match(build, /2 attempts/);
    assert.match(build, /10 min 18 s/);
    assert.match(await page.textContent(tid("timeline-row-Deploy-Deploy")), /In progress/);
    assert.match(await page.textContent(tid("timeline-trigger")), /Start pipeline execution by alice/);
    assert.match(await page.textContent(tid("timeline-revision-Source")), /4f2a9c1e Merge pull request #42/);
    // Each bar sits after the one before it.
    const lefts = await page.$$eval(`${tid("timeline-strip")} .tl-stage-row .tl-bar`, (bars) =>
      bars.map((b) => Number.parseFloat(b.style.left)),
    );
    assert.equal(lefts.length, 4);
    assert.deepEqual(
      [...lefts].sort((x, y) => x - y),
      lefts,
    );
  });

  await step(
    "a second run picked from the keyboard is compared by revision, duration and outcome",
    async () => {
      // Tab from the heading: Close, then the run picker.
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "timeline-close");
      await page.focus(tid("timeline-compare-with"));
      await page.selectOption(tid("timeline-compare-with"), "5d0b-old");
      await page.waitForSelector(tid("timeline-compare"));
      await until(() => control.calls.some((c) => c.cmd === "control_compare"));
      const call = control.calls.filter((c) => c.cmd === "control_compare").at(-1);
      assert.equal(call.args.a, control.exec);
      assert.equal(call.args.b, "5d0b-old");
      assert.match(
        await page.textContent(tid("timeline-compare-sentence")),
        /This run: In progress; the other: Succeeded\. The other took 8 min 00 s less\./,
      );
      assert.match(
        await page.textContent(tid("timeline-compare-revision-Source")),
        /4f2a9c1e → b7c1d2e3 changed/,
      );
      const build = await page.textContent(tid("timeline-compare-Build-Build"));
      assert.match(build, /2 attempts/);
      assert.match(build, /−6 min 36 s/);
      // An earlier step's notice would cover the bottom of the picture.
      // Dismissed here, or gone by itself meanwhile (count-then-click raced with that): either
      // way, none is left over the picture.
      await page
        .locator(`${tid("control-notice")} button`)
        .click({ timeout: 2000 })
        .catch(() => {});
      await page.waitForSelector(tid("control-notice"), { state: "detached" });
      await page.locator(tid("timeline-panel")).scrollIntoViewIfNeeded();
      await shot("timeline-compare");
      await page.screenshot({ path: docShot(artifacts, "timeline.png") });
      // Dark mode: the same words stay readable (the axe audit checks their contrast).
      await page.emulateMedia({ colorScheme: "dark" });
      await shot("timeline-compare-dark");
      await page.emulateMedia({ colorScheme: "light" });
    },
  );

  await step("the open timeline of a running run is read again when its pipeline changes", async () => {
    const reads = () => control.calls.filter((c) => c.cmd === "control_timeline").length;
    const before = reads();
    await page.evaluate(() =>
      window.__TAURI_INTERNALS__.invoke("plugin:event|emit", {
        event: "control-changed",
        payload: { pipeline: "web-app" },
      }),
    );
    await until(() => reads() > before);
    const call = control.calls.filter((c) => c.cmd === "control_timeline").at(-1);
    assert.equal(call.args.execution, control.exec);
    // Still the same panel, the comparison kept.
    await page.waitForSelector(tid("timeline-compare"));
  });

  await step("Escape closes the timeline", async () => {
    await page.focus(tid("timeline-compare-with"));
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("timeline-panel"), { state: "detached" });
  });
}
