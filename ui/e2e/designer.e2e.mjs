// End-to-end test of the designer in headless Chromium (playwright-core + /usr/bin/chromium).
// The built UI is served on loopback; the Tauri IPC is mocked before the app loads, with
// validation, parsing and rendering answered by the real `pipewright` CLI when it is built.
// Screenshots of each step go to test-artifacts/ui/. Prints `N passed, N failed`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { audit } from "./axe.mjs";
import { bundleIpcMock, docShot, launchBrowser, openApp, REPO_DIR, serveDist } from "./harness.mjs";

const ARTIFACTS = path.join(REPO_DIR, "test-artifacts", "ui");
const FILES = path.join(ARTIFACTS, "files");
fs.rmSync(ARTIFACTS, { recursive: true, force: true });
fs.mkdirSync(FILES, { recursive: true });

const tid = (id) => `[data-testid="${id}"]`;
const results = [];

const server = await serveDist();
const mock = await bundleIpcMock();
const browser = await launchBrowser();
const { page, backend, problems } = await openApp(browser.context, server.url, mock, { dir: FILES });
page.setDefaultTimeout(10_000);

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
    results.push({ name, ok: false, error: "skipped: an earlier step failed" });
    console.log(`SKIP ${name}`);
    return;
  }
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (err) {
    results.push({ name, ok: false, error: err });
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

async function gone(selector) {
  await page.waitForSelector(selector, { state: "detached" });
}

/** Wait until the canvas stops moving (adding a stage reframes the pipeline with an animation). */
async function settle() {
  let last = "";
  for (let i = 0; i < 50; i++) {
    const now = await page.locator(".react-flow__viewport").getAttribute("style");
    if (now === last) return;
    last = now;
    await page.waitForTimeout(120);
  }
}

let pickerShown = false;
async function addByPicker(stage, providerKey) {
  await settle();
  await page.click(tid(`stage-add-action-${stage}`));
  if (!pickerShown) {
    pickerShown = true;
    await page.waitForSelector(tid(`provider-option-${providerKey}`));
    await shot("provider-picker");
  }
  await page.click(tid(`provider-option-${providerKey}`));
}

/** Focus something that is not a text field, so shortcuts reach the designer. */
async function focusCanvas() {
  await page.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
}

/** Frame the whole pipeline (the Controls' fit button), so every node is on screen. */
async function fitAll() {
  await page.click(".react-flow__controls-fitview");
  await settle();
}

let pictureSize = null;

/**
 * How far a PNG (`pngUrl`, drawn at `width` x `height`) is from the SVG file as Chromium draws it
 * at that size: the mean difference of the colour channels (0 to 1), and the share of pixels
 * whose colour differs by more than a quarter on some channel.
 */
async function compareImages(pngUrl, svgFile, width, height) {
  const p = await browser.context.newPage();
  try {
    await p.setViewportSize({ width, height });
    await p.goto(pathToFileURL(svgFile).href);
    const shot = await p.screenshot({ clip: { x: 0, y: 0, width, height } });
    await p.goto("about:blank");
    return await p.evaluate(
      async ({ a, b, width, height }) => {
        const pixels = async (url) => {
          const img = new Image();
          img.src = url;
          await img.decode();
          const c = document.createElement("canvas");
          c.width = width;
          c.height = height;
          const ctx = c.getContext("2d");
          ctx.drawImage(img, 0, 0, width, height);
          return ctx.getImageData(0, 0, width, height).data;
        };
        const [x, y] = [await pixels(a), await pixels(b)];
        let sum = 0;
        let differing = 0;
        for (let i = 0; i < x.length; i += 4) {
          let most = 0;
          for (let k = 0; k < 3; k++) {
            const d = Math.abs(x[i + k] - y[i + k]);
            sum += d;
            most = Math.max(most, d);
          }
          if (most > 64) differing += 1;
        }
        const n = x.length / 4;
        return { mean: sum / (n * 3 * 255), differing: differing / n };
      },
      { a: pngUrl, b: `data:image/png;base64,${shot.toString("base64")}`, width, height },
    );
  } finally {
    await p.close();
  }
}

async function countOf(selector) {
  return page.locator(selector).count();
}

await step("start screen offers New, Open and Recent, and shows the connection", async () => {
  await page.waitForSelector(tid("start-screen"));
  assert.ok(await page.isVisible(tid("start-new")));
  assert.ok(await page.isVisible(tid("start-open")));
  assert.match(await page.textContent(tid("start-screen")), /Recent/);
  assert.match(await page.textContent(tid("connection-label")), /Local sandbox/);
  // No connection is active yet: the bar names the one the title names, not "No connection".
  const picked = await page.$eval(tid("active-connection-select"), (s) => s.selectedOptions[0]?.textContent);
  assert.equal(picked, "Local sandbox");
  if (backend.cli) await page.waitForSelector(tid("new-template-manual-approval"));
  await shot("start");
});

/** The script files the page has loaded, by name without their hash (`index`, `Workspace`, ...). */
async function scriptsLoaded() {
  const urls = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((r) => r.name)
      .filter((n) => /\/assets\/.*\.js$/.test(n)),
  );
  return urls.map((u) => u.replace(/^.*\/assets\/(.*)-[\w-]{8}\.js$/, "$1")).sort();
}

await step("the start screen loads the entry script only; no catalog is asked for yet", async () => {
  await page.waitForSelector(tid("view-bar"));
  await page.waitForTimeout(300);
  assert.deepEqual(await scriptsLoaded(), ["index"]);
  assert.equal(await countOf(".react-flow"), 0);
  assert.ok(!backend.calls.includes("catalog"), "the catalog waits for a design");
});

await step("New pipeline puts the starter design on the canvas, marked unsaved", async () => {
  await page.click(tid("start-new"));
  await page.waitForSelector(tid("stage-Source"));
  assert.ok((await scriptsLoaded()).includes("Workspace"), "the workspace chunk loads with the design");
  await page.waitForSelector(tid("action-Build-Build"));
  assert.ok(await page.isVisible(tid("dirty-marker")));
  await page.waitForSelector(tid("palette-item-Deploy-CodeDeploy"));
  // The starter's placeholder values are marked on the nodes that hold them.
  assert.match(await page.textContent(tid("placeholder-Source-Source")), /1/);
  await shot("new-design");
});

await step("build CodeCommit -> CodeBuild -> Manual approval -> CodeDeploy by clicking", async () => {
  // Replace the starter's source action with one picked from the provider list.
  await page.click(tid("action-Source-Source"));
  await page.keyboard.press("Delete");
  await gone(tid("action-Source-Source"));
  await addByPicker("Source", "Source-CodeCommit");
  await page.waitForSelector(tid("action-Source-CodeCommit"));
  await page.fill(tid("inspector-field-RepositoryName"), "shop");
  await page.fill(tid("inspector-field-BranchName"), "main");

  // Replace the build action by dragging CodeBuild from the palette onto the Build stage.
  await page.click(tid("action-Build-Build"));
  await page.keyboard.press("Delete");
  await gone(tid("action-Build-Build"));
  await page.dragAndDrop(tid("palette-item-Build-CodeBuild"), tid("stage-Build"));
  await page.waitForSelector(tid("action-Build-CodeBuild"));
  await page.fill(tid("inspector-field-ProjectName"), "shop-build");
  assert.ok(
    await page.isChecked(tid("inspector-input-CodeCommitOutput")),
    "CodeBuild takes the source artifact",
  );

  // A new stage for the approval, renamed in the inspector.
  await page.click(tid("add-stage"));
  await page.waitForSelector(tid("stage-Stage"));
  await page.fill(tid("inspector-field-name"), "Approve");
  await page.waitForSelector(tid("stage-Approve"));
  await addByPicker("Approve", "Approval-Manual");
  await page.waitForSelector(tid("action-Approve-Manual"));

  await page.click(tid("add-stage"));
  // Typing a name another stage has keeps editing this stage (validation flags the clash meanwhile).
  await page.fill(tid("inspector-field-name"), "Build");
  await page.waitForSelector(tid("problem-E208"));
  assert.match(await page.textContent(tid("inspector")), /Stage 4 of 4/);
  await page.fill(tid("inspector-field-name"), "Deploy");
  await addByPicker("Deploy", "Deploy-CodeDeploy");
  await page.waitForSelector(tid("action-Deploy-CodeDeploy"));
  assert.ok(
    await page.isChecked(tid("inspector-input-CodeBuildOutput")),
    "CodeDeploy takes the build artifact",
  );
  const stages = await page
    .locator('[data-testid^="stage-"][class*="stage-node"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
  assert.deepEqual(stages, ["stage-Source", "stage-Build", "stage-Approve", "stage-Deploy"]);
  // Artifact edges: source -> build -> deploy.
  assert.equal(await countOf(".react-flow__edge.artifact-edge"), 2);
  await shot("four-stages");
});

await step("every edge starts and ends on the handles the cards show", async () => {
  // The layout gives React Flow each node's handles up front (so it need not mount every node
  // of a large pipeline to measure them); a wrong guess would leave edges beside the cards.
  await fitAll();
  const misses = await page.evaluate(() => {
    const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(
      document.querySelector(".react-flow__viewport").style.transform,
    );
    const [tx, ty, zoom] = m.slice(1).map(Number);
    const pane = document.querySelector(".react-flow").getBoundingClientRect();
    const toScreen = (x, y) => ({ x: pane.left + tx + x * zoom, y: pane.top + ty + y * zoom });
    const out = [];
    const edges = document.querySelectorAll(".react-flow__edge");
    for (const edge of edges) {
      // Edge ids name both ends: `artifact:<source>-><target>:<artifact>`, `transition:<source>-><target>`.
      const id = edge.getAttribute("data-id");
      const [, source, target] = id.startsWith("transition:")
        ? /^transition:(.+)->(.+)$/.exec(id)
        : /^artifact:(.+)->(.+):[\w-]+$/.exec(id);
      const nums = edge
        .querySelector(".react-flow__edge-path")
        .getAttribute("d")
        .match(/-?[\d.]+/g)
        .map(Number);
      const start = toScreen(nums[0], nums[1]);
      const end = toScreen(nums[nums.length - 2], nums[nums.length - 1]);
      const handle = (node, type) =>
        document
          .querySelector(`.react-flow__handle.${type}[data-nodeid="${CSS.escape(node)}"]`)
          .getBoundingClientRect();
      const s = handle(source, "source");
      const t = handle(target, "target");
      // React Flow joins a right-hand source at its outer edge, a left-hand target at its outer edge.
      const off = Math.max(
        Math.abs(start.x - s.right),
        Math.abs(start.y - (s.top + s.height / 2)),
        Math.abs(end.x - t.left),
        Math.abs(end.y - (t.top + t.height / 2)),
      );
      if (off > 0.5) out.push(`${source} -> ${target}: ${off.toFixed(2)} px off`);
    }
    return { count: edges.length, out };
  });
  assert.ok(misses.count >= 5, `edges drawn: ${misses.count}`);
  assert.deepEqual(misses.out, []);
});

await step("each artifact edge names its artifact at its middle", async () => {
  const labels = await page.evaluate(() =>
    [...document.querySelectorAll(".react-flow__edge.artifact-edge")].map((edge) => {
      const path = edge.querySelector(".react-flow__edge-path");
      const label = edge.querySelector(".artifact-label");
      if (!label) return { text: null };
      const mid = path.getPointAtLength(path.getTotalLength() / 2);
      const box = label.getBBox();
      return {
        text: label.textContent,
        off: Math.hypot(box.x + box.width / 2 - mid.x, box.y + box.height / 2 - mid.y),
        visible: getComputedStyle(label).visibility === "visible" && box.width > 0,
      };
    }),
  );
  assert.equal(labels.length, 2);
  assert.ok(
    labels.some((l) => l.text === "CodeBuildOutput"),
    JSON.stringify(labels),
  );
  for (const l of labels) {
    assert.match(l.text ?? "", /^\w+$/, JSON.stringify(l));
    assert.ok(l.visible && l.off < 2, `label ${l.text} drawn on its edge: ${JSON.stringify(l)}`);
  }
});

/**
 * The card texts on screen (stage names, action names and subtitles): how many, the smallest as
 * drawn (its font size times the canvas's zoom, in px), and those cut short by an ellipsis.
 */
async function cardText() {
  return page.evaluate(() => {
    const pane = document.querySelector(".react-flow").getBoundingClientRect();
    let least = Number.POSITIVE_INFINITY;
    let count = 0;
    const cut = [];
    for (const e of document.querySelectorAll(
      ".action-node .action-name, .action-node .action-provider, .stage-node .stage-name",
    )) {
      const r = e.getBoundingClientRect();
      if (r.right <= pane.left || r.left >= pane.right || r.bottom <= pane.top || r.top >= pane.bottom)
        continue;
      count += 1;
      least = Math.min(least, Number.parseFloat(getComputedStyle(e).fontSize) * (r.height / e.offsetHeight));
      if (e.scrollWidth > e.clientWidth) cut.push(e.textContent);
    }
    return { count, least, cut };
  });
}

/** No stage under the minimap; with `all`, every stage on screen too. */
async function clearOfMinimap(size, all) {
  const minimap = await page.locator(".react-flow__minimap").boundingBox();
  const pane = await page.locator(".react-flow").boundingBox();
  for (const stage of ["Source", "Build", "Approve", "Deploy"]) {
    const b = await page.locator(tid(`stage-${stage}`)).boundingBox();
    assert.ok(b, `stage ${stage} drawn`);
    if (all) assert.ok(b.x >= 0 && b.x + b.width <= size.width, `stage ${stage} in the window`);
    else if (b.x + b.width <= pane.x || b.x >= pane.x + pane.width) continue;
    if (minimap)
      assert.ok(
        b.x + b.width <= minimap.x || b.y + b.height <= minimap.y,
        `the minimap covers stage ${stage} at ${size.width} px`,
      );
  }
}

await step(
  "the designer fits 1280x800, 1024x768 and 800x500: one toolbar row, a usable canvas, legible cards, no minimap over the pipeline",
  async () => {
    const box = (sel) => page.locator(sel).first().boundingBox();
    const sizes = [
      { width: 1280, height: 800, canvas: 480, shot: "designer-1280.png" },
      { width: 1024, height: 768, canvas: 420 },
      { width: 800, height: 500, canvas: 300, shot: "designer-800.png" },
    ];
    try {
      for (const size of sizes) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await fitAll();
        // One row: the toolbar is no taller than its tallest control plus its padding, and every
        // command sits on the same line; nothing runs past the window.
        const bar = await box(".toolbar");
        const rows = await page.evaluate(() => {
          const shown = [...document.querySelectorAll(".tools > *, .tools-more > button")].filter(
            (e) => e.getClientRects().length > 0 && getComputedStyle(e).display !== "contents",
          );
          return shown.map((e) => {
            const r = e.getBoundingClientRect();
            return { top: Math.round(r.top + r.height / 2), right: r.right };
          });
        });
        assert.ok(bar.height <= 48, `toolbar ${bar.height} px high at ${size.width} px`);
        assert.ok(rows.length >= 8, `toolbar commands shown: ${rows.length}`);
        assert.equal(new Set(rows.map((r) => r.top)).size, 1, `one row at ${size.width} px`);
        for (const r of rows) assert.ok(r.right <= size.width, `a command cut off at ${size.width} px`);
        const recent = await box(tid("recent-select"));
        assert.ok(recent.width >= 80, `the Recent list squeezed to ${recent.width} px at ${size.width} px`);
        // The fit button frames every stage on screen; the minimap covers none of them.
        await clearOfMinimap(size, true);
        if (size.width === 1280) {
          // At the default window the whole pipeline is framed with its cards' text legible
          // (11 px or more on screen; 13 px at zoom 1), each card as wide as its text (none cut)
          // and a stage with one action no wider than that card and its padding.
          const text = await cardText();
          assert.ok(text.count >= 12, `card texts measured: ${text.count}`);
          assert.ok(text.least >= 11, `card text drawn ${text.least.toFixed(1)} px high at 1280x800`);
          assert.deepEqual(text.cut, [], "card texts cut short");
          for (const stage of ["Source", "Build", "Approve", "Deploy"]) {
            const { stageWidth, cardWidth, screenWidth } = await page.evaluate((stage) => {
              const el = document.querySelector(`[data-testid="stage-${stage}"]`);
              const card = document.querySelector(`[data-testid^="action-${stage}-"]`);
              return {
                stageWidth: el.offsetWidth,
                cardWidth: card.offsetWidth,
                screenWidth: el.getBoundingClientRect().width,
              };
            }, stage);
            assert.ok(
              stageWidth <= cardWidth + 2 * 12 + 2,
              `stage ${stage} ${stageWidth} px wide around a ${cardWidth} px card`,
            );
            assert.ok(stageWidth <= 190, `stage ${stage} is ${stageWidth} px wide for one action`);
            assert.ok(screenWidth <= 190, `stage ${stage} drawn ${screenWidth} px wide for one action`);
          }
        }
        // The code view leaves the canvas a usable width; the canvas frames the pipeline again,
        // its text legible, the selected card (CodeDeploy, the last) in view.
        await page.click(tid("code-view-toggle"));
        await page.waitForSelector(tid("code-view"));
        await settle();
        const canvas = await box(".canvas");
        const code = await box(tid("code-view"));
        assert.ok(
          canvas.width >= size.canvas,
          `canvas ${canvas.width} px wide beside the code at ${size.width} px`,
        );
        assert.ok(code.width >= 200, `code view ${code.width} px wide at ${size.width} px`);
        const beside = await cardText();
        assert.ok(
          beside.least >= 11,
          `card text ${beside.least.toFixed(1)} px beside the code at ${size.width} px`,
        );
        const selected = await box(tid("action-Deploy-CodeDeploy"));
        assert.ok(
          selected.x >= canvas.x && selected.x + selected.width <= canvas.x + canvas.width,
          `the selected card is out of view beside the code at ${size.width} px`,
        );
        if (size.width === 1280) {
          // An action added after the last one, out of sight at the end of the stage, is panned
          // into view at the same zoom.
          await addByPicker("Deploy", "Approval-Manual");
          await page.waitForSelector(tid("action-Deploy-Manual"));
          await settle();
          const added = await box(tid("action-Deploy-Manual"));
          assert.ok(
            added.x >= canvas.x && added.x + added.width <= canvas.x + canvas.width,
            `the added card is out of view: ${JSON.stringify(added)} in ${JSON.stringify(canvas)}`,
          );
          assert.ok((await cardText()).least >= 11, "the pan keeps the zoom");
          await page.click(tid("action-Deploy-Manual"));
          await page.keyboard.press("Delete");
          await gone(tid("action-Deploy-Manual"));
          await page.click(tid("action-Deploy-CodeDeploy"));
        }
        await page.click(tid("code-view-toggle"));
        await gone(tid("code-view"));
        await settle();
        // Framed by itself again (as when a design opens), legible at every size.
        const framed = await cardText();
        assert.ok(framed.least >= 11, `card text ${framed.least.toFixed(1)} px at ${size.width} px`);
        await clearOfMinimap(size, false);
        if (size.shot) {
          // The pointer off the toolbar, where it would leave the code button hovered.
          const pane = await box(".react-flow__pane");
          await page.mouse.move(pane.x + 8, pane.y + 8);
          await page.screenshot({ path: docShot(ARTIFACTS, size.shot) });
          await audit(page, ARTIFACTS, `layout-${size.width}`);
          // Text and buttons keep AA contrast in the dark theme too (axe's color-contrast rule).
          await page.emulateMedia({ colorScheme: "dark" });
          await audit(page, ARTIFACTS, `layout-${size.width}-dark`);
          await page.emulateMedia({ colorScheme: "light" });
        }
      }
      // Below 1240 px Save as, Compare and Export are behind More, and work from there.
      await page.click(tid("tools-more"));
      assert.ok(await page.isVisible(tid("export-png")));
      assert.ok(await page.isVisible(tid("export-menu")));
      await page.keyboard.press("Escape");
      assert.ok(!(await page.isVisible(tid("export-png"))));
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      await fitAll();
    }
  },
);

await step("a missing required key shows a diagnostic on the node and in the problems panel", async () => {
  await page.waitForSelector(tid("problem-E501"));
  const pointers = await page
    .locator(tid("problem-E501"))
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-pointer")));
  assert.deepEqual(pointers.sort(), [
    "/pipeline/stages/3/actions/0/configuration/ApplicationName",
    "/pipeline/stages/3/actions/0/configuration/DeploymentGroupName",
  ]);
  const badge = page.locator(tid("badge-action-Deploy-CodeDeploy"));
  assert.equal(await badge.getAttribute("data-severity"), "error");
  assert.match(await badge.textContent(), /2/);
  await shot("diagnostic");
});

await step("zoomed far out, cards are coloured blocks (red with errors) and edges are left out", async () => {
  // Each click zooms out by a fifth, animated (a click during the animation may start from part
  // way): click until the cards turn into blocks (zoom < 0.2; from about 1.07, ten clicks or so).
  for (let i = 0; i < 20 && (await countOf(".action-node.far")) === 0; i++) {
    await page.click(".react-flow__controls-zoomout");
    await settle();
  }
  await page.waitForSelector(".action-node.far");
  const deploy = page.locator(tid("action-Deploy-CodeDeploy"));
  assert.match(await deploy.getAttribute("class"), /\bfar-error\b/);
  assert.equal(await deploy.getAttribute("data-severity"), "error");
  assert.match(await deploy.getAttribute("title"), /^CodeDeploy: AWS\/Deploy\/CodeDeploy/);
  assert.equal(await countOf(".action-node .action-name"), 0);
  assert.equal(await countOf(".react-flow__edge"), 0);
  await shot("zoomed-out");
  // A picture taken meanwhile is core's drawing: every card with its text and its artifacts.
  const far = path.join(FILES, "zoomed-out.svg");
  backend.nextSavePath = far;
  await page.click(tid("export-svg"));
  await waitForFile(far);
  const svg = fs.readFileSync(far, "utf8");
  assert.match(
    svg,
    /data-kind="action" data-stage="Deploy" data-name="CodeDeploy"/,
    "the cards are in the picture",
  );
  assert.ok(/>CodeDeploy</.test(svg), "with their names");
  assert.ok((svg.match(/>[^<]*→[^<]*</g) ?? []).length >= 3, "and the artifacts they read and write");
  await page.waitForSelector(".action-node.far");
  await fitAll();
  await page.waitForSelector(".react-flow__edge.artifact-edge");
  assert.equal(await countOf(".action-node.far"), 0);
  assert.equal(await countOf(".react-flow__edge.artifact-edge"), 2);
});

await step("clicking a problem selects its node and focuses the inspector field", async () => {
  await page.click(tid("action-Source-CodeCommit"));
  await page.locator(tid("problem-E501")).first().click();
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-field") === "ApplicationName");
  assert.match(await page.textContent(tid("inspector")), /Action in stage .Deploy./);
});

await step("fixing the configuration clears the diagnostic", async () => {
  await page.fill(tid("inspector-field-ApplicationName"), "shop");
  await page.fill(tid("inspector-field-DeploymentGroupName"), "production");
  await gone(tid("problem-E501"));
  assert.equal(await countOf(tid("badge-action-Deploy-CodeDeploy")), 0);
  await shot("fixed");
});

await step("undo brings the diagnostic back, redo removes it again", async () => {
  await focusCanvas();
  await page.keyboard.press("Control+z");
  await page.waitForSelector(tid("problem-E501"));
  assert.equal(await countOf(tid("problem-E501")), 1);
  await page.click(tid("redo"));
  await gone(tid("problem-E501"));
  await page.click(tid("undo"));
  await page.waitForSelector(tid("problem-E501"));
  await focusCanvas();
  await page.keyboard.press("Control+Shift+z");
  await gone(tid("problem-E501"));
});

let goodText = "";
await step("editing the JSON text updates the canvas", async () => {
  if ((await countOf(tid("code-view"))) === 0) await page.click(tid("code-view-toggle"));
  const code = page.locator(tid("code-view"));
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.value.includes('"DeploymentGroupName": "production"'),
    tid("code-view"),
  );
  const text = await code.inputValue();
  assert.ok(text.includes('"name": "Approve"'));
  goodText = text.replace('"name": "Approve"', '"name": "Review"');
  await code.fill(goodText);
  await page.waitForSelector(tid("stage-Review"));
  await gone(tid("stage-Approve"));
  await page.waitForSelector(tid("action-Review-Manual"));
  await shot("code-edit");
});

await step("broken text shows the parse error with its line and keeps the last good canvas", async () => {
  const code = page.locator(tid("code-view"));
  const broken = goodText.replace('"stages": [', '"stages": [ ,');
  await code.fill(broken);
  await page.waitForSelector(tid("code-view-error"));
  assert.match(await page.textContent(tid("code-view-error")), /line \d+/i);
  assert.ok(await page.isVisible(tid("stage-Review")));
  assert.ok(await page.isVisible(tid("action-Deploy-CodeDeploy")));
  await page.click(tid("code-view-show-error"));
  const caret = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el.value.slice(0, el.selectionStart).split("\n").length;
  }, tid("code-view"));
  const named = Number(/line (\d+)/i.exec(await page.textContent(tid("code-view-error")))[1]);
  assert.equal(caret, named, "the caret goes to the line the error names");
  await shot("code-error");
  await code.fill(goodText);
  await gone(tid("code-view-error"));
});

await step("the YAML view edits the design too; the undo button takes the edit back", async () => {
  await page.click(tid("code-format-yaml"));
  await page.waitForFunction(
    (sel) => /^pipeline:/m.test(document.querySelector(sel)?.value ?? ""),
    tid("code-view"),
  );
  const code = page.locator(tid("code-view"));
  const yaml = await code.inputValue();
  assert.match(yaml, /- name: Review$/m);
  await code.fill(yaml.replace(/- name: Review$/m, "- name: Gate"));
  await page.waitForSelector(tid("stage-Gate"));
  await page.click(tid("undo"));
  await page.waitForSelector(tid("stage-Review"));
  await page.waitForFunction(
    (sel) => /- name: Review$/m.test(document.querySelector(sel)?.value ?? ""),
    tid("code-view"),
  );
  await page.click(tid("code-format-json"));
  await page.waitForFunction((sel) => document.querySelector(sel)?.value.startsWith("{"), tid("code-view"));
});

await step("copy and paste of an action makes a renamed copy; Delete and undo work on it", async () => {
  await fitAll();
  await page.click(tid("action-Build-CodeBuild"));
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  await page.waitForSelector(tid("action-Build-CodeBuild-2"));
  // The copy's output artifact is renamed so names stay unique in the pipeline.
  assert.equal(await page.inputValue(tid("inspector-field-outputArtifacts")), "CodeBuildOutput-2");
  await page.keyboard.press("Delete");
  await gone(tid("action-Build-CodeBuild-2"));
  await page.keyboard.press("Control+z");
  await page.waitForSelector(tid("action-Build-CodeBuild-2"));
  await page.keyboard.press("Control+z");
  await gone(tid("action-Build-CodeBuild-2"));
});

await step("a stage condition is edited with the conditions form", async () => {
  await fitAll();
  await page.click(`${tid("stage-Deploy")} .stage-name`);
  await page.click(tid("beforeEntry-add-condition"));
  await page.selectOption(tid("beforeEntry-result-0"), "FAIL");
  await page.selectOption(tid("beforeEntry-0-0-provider"), "DeploymentWindow");
  // The catalog's DeploymentWindow form (Cron, TimeZone); key=value lines without a catalog entry.
  if (await page.$(tid("beforeEntry-0-0-Cron"))) {
    await page.fill(tid("beforeEntry-0-0-Cron"), "0 9 ? * MON-FRI *");
    await page.fill(tid("beforeEntry-0-0-TimeZone"), "UTC");
  } else await page.fill(tid("beforeEntry-0-0-config"), "Cron=0 9 ? * MON-FRI *\nTimeZone=UTC");
  await shot("stage-condition");
});

await step("pipeline variables and a push trigger are added in the pipeline inspector", async () => {
  await focusCanvas();
  await page.click(tid("variables-add"));
  await page.fill(tid("variable-default-0"), "dev");
  await page.click(tid("triggers-add"));
  await page.waitForSelector(tid("trigger-0"));
  assert.equal(await page.inputValue(tid("trigger-0-source")), "CodeCommit");
  assert.equal(await page.inputValue(tid("trigger-0-push-0-branches-includes")), "main");
  await page.fill(tid("trigger-0-push-0-filePaths-excludes"), "docs/**, *.md");
  assert.match(
    await page.textContent(tid("trigger-0-summary")),
    /push to main; not touching docs\/\*\*, \*\.md on CodeCommit/,
  );
});

const saved = path.join(FILES, "my-pipeline.json");
await step("Save writes the design file and clears the dirty marker", async () => {
  assert.ok(await page.isVisible(tid("dirty-marker")));
  await page.click(tid("save"));
  await gone(tid("dirty-marker"));
  const doc = JSON.parse(fs.readFileSync(saved, "utf8"));
  assert.deepEqual(
    doc.pipeline.stages.map((s) => s.name),
    ["Source", "Build", "Review", "Deploy"],
  );
  assert.deepEqual(
    doc.pipeline.stages.map((s) => s.actions.map((a) => a.actionTypeId.provider).join("+")),
    ["CodeCommit", "CodeBuild", "Manual", "CodeDeploy"],
  );
  assert.equal(doc.pipeline.stages[3].actions[0].configuration.DeploymentGroupName, "production");
  assert.deepEqual(doc.pipeline.variables, [{ name: "VAR_1", defaultValue: "dev" }]);
  assert.deepEqual(doc.pipeline.triggers, [
    {
      providerType: "CodeStarSourceConnection",
      gitConfiguration: {
        sourceActionName: "CodeCommit",
        push: [{ branches: { includes: ["main"] }, filePaths: { excludes: ["docs/**", "*.md"] } }],
      },
    },
  ]);
  assert.deepEqual(doc.pipeline.stages[3].beforeEntry, {
    conditions: [
      {
        result: "FAIL",
        rules: [
          {
            name: "Rule1",
            ruleTypeId: { category: "Rule", owner: "AWS", provider: "DeploymentWindow", version: "1" },
            configuration: { Cron: "0 9 ? * MON-FRI *", TimeZone: "UTC" },
          },
        ],
      },
    ],
  });
  assert.match(await page.textContent(tid("document-title")), /my-pipeline\.json/);
  await shot("saved");
});

await step(
  "the diagram exports as SVG shapes and as PNG at twice its size, without the selection",
  async () => {
    await page.click(tid("action-Deploy-CodeDeploy"));
    await page.click(tid("export-svg"));
    const svgFile = path.join(FILES, "my-pipeline.svg");
    await waitForFile(svgFile);
    const svg = fs.readFileSync(svgFile, "utf8");
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(!svg.includes("foreignObject"), "no HTML inside the SVG");
    assert.ok(svg.length < 50_000, `${svg.length} bytes`);
    const elements = new Set([...svg.matchAll(/<([a-zA-Z]+)/g)].map((m) => m[1]));
    assert.deepEqual([...elements].sort(), ["g", "path", "rect", "svg", "text", "title", "tspan"]);
    const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg).map(Number);
    // A card is selected on the canvas: the picture does not show it.
    assert.match(await page.getAttribute(tid("action-Deploy-CodeDeploy"), "class"), /\bselected\b/);
    assert.ok(!/selected/.test(svg), "no selection in the picture");
    pictureSize = { width, height, bytes: svg.length };

    await page.click(tid("export-png"));
    const png = path.join(FILES, "my-pipeline.png");
    await waitForFile(png);
    const bytes = fs.readFileSync(png);
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    // The IHDR chunk: width and height at bytes 16 and 20.
    assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [2 * width, 2 * height]);
    // Drawn from the same picture: scaled down, it is the SVG drawn at its own size by Chromium.
    const { mean } = await compareImages(
      `data:image/png;base64,${bytes.toString("base64")}`,
      svgFile,
      width,
      height,
    );
    assert.ok(mean < 0.01, `the PNG differs from the SVG by ${mean}`);
  },
);

await step("the exported SVG renders the same in Chromium and with rsvg-convert", async () => {
  const svgFile = path.join(FILES, "my-pipeline.svg");
  const rsvgFile = path.join(FILES, "my-pipeline.rsvg.png");
  const r = spawnSync("rsvg-convert", [svgFile, "-o", rsvgFile], { encoding: "utf8" });
  assert.equal(r.error, undefined, "rsvg-convert is missing: sudo apt-get install -y librsvg2-bin");
  assert.equal(r.status, 0, r.stderr);
  const drawn = fs.readFileSync(rsvgFile);
  const { width, height } = pictureSize;
  assert.deepEqual([drawn.readUInt32BE(16), drawn.readUInt32BE(20)], [width, height], "the same size");
  const { mean, differing } = await compareImages(
    `data:image/png;base64,${drawn.toString("base64")}`,
    svgFile,
    width,
    height,
  );
  console.log(
    `     the picture: ${pictureSize.bytes} bytes, ${width}x${height}; rsvg-convert against Chromium: mean difference ${(mean * 100).toFixed(2)}%, ${(differing * 100).toFixed(2)}% of pixels differ`,
  );
  // Text is anti-aliased differently by Cairo and Skia; shapes, places and colours are the same.
  assert.ok(mean < 0.01, `mean difference ${mean}`);
  assert.ok(differing < 0.05, `${differing} of the pixels differ`);
});

await step("the open-file event opens a YAML design", async () => {
  const other = path.join(FILES, "other.yaml");
  fs.writeFileSync(
    other,
    [
      "pipeline:",
      "  name: other",
      "  roleArn: arn:aws:iam::123456789012:role/other",
      "  artifactStore: {type: S3, location: other-bucket}",
      "  stages:",
      "    - name: Fetch",
      "      actions:",
      "        - name: Get",
      "          actionTypeId: {category: Source, owner: AWS, provider: S3, version: '1'}",
      "          configuration: {S3Bucket: b, S3ObjectKey: k.zip}",
      "          outputArtifacts: [{name: Src}]",
      "    - name: Ship",
      "      actions:",
      "        - name: Stack",
      "          actionTypeId: {category: Deploy, owner: AWS, provider: CloudFormation, version: '1'}",
      "          inputArtifacts: [{name: Src}]",
      "          configuration: {ActionMode: CREATE_UPDATE, StackName: s, TemplatePath: 'Src::t.yaml', Capabilities: CAPABILITY_IAM}",
      "",
    ].join("\n"),
  );
  await page.evaluate(
    (p) =>
      window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "open-file", payload: { path: p } }),
    other,
  );
  await page.waitForSelector(tid("stage-Fetch"));
  await page.waitForSelector(tid("action-Ship-Stack"));
  assert.match(await page.textContent(tid("document-title")), /other\.yaml/);
  assert.equal(await countOf(tid("dirty-marker")), 0);
  await shot("opened-yaml");
});

await step("dropping a design file on the window opens it", async () => {
  await page.evaluate(
    (p) =>
      window.__TAURI_INTERNALS__.invoke("plugin:event|emit", {
        event: "tauri://drag-drop",
        payload: { paths: [p], position: { x: 300, y: 300 } },
      }),
    saved,
  );
  await page.waitForSelector(tid("stage-Review"));
  assert.match(await page.textContent(tid("document-title")), /my-pipeline\.json/);
});

await step("Ctrl+O opens through the dialog; recent files reopen a design", async () => {
  backend.nextOpenPath = path.join(FILES, "other.yaml");
  await focusCanvas();
  await page.keyboard.press("Control+o");
  await page.waitForSelector(tid("stage-Fetch"));
  const options = await page.locator(`${tid("recent-select")} option`).allTextContents();
  assert.ok(options.includes("my-pipeline.json") && options.includes("other.yaml"), options.join(", "));
  await page.selectOption(tid("recent-select"), saved);
  await page.waitForSelector(tid("stage-Review"));
  await page.selectOption(tid("recent-select"), path.join(FILES, "other.yaml"));
  await page.waitForSelector(tid("stage-Fetch"));
});

await step("dragging an action onto another runOrder column makes it run in parallel", async () => {
  await addByPicker("Fetch", "Source-S3");
  await page.waitForSelector(tid("action-Fetch-S3"));
  assert.equal(await page.inputValue(tid("inspector-field-runOrder")), "2");
  await fitAll();
  const first = await page.locator(tid("action-Fetch-Get")).boundingBox();
  const second = await page.locator(tid("action-Fetch-S3")).boundingBox();
  assert.ok(second.x > first.x + first.width, "a later runOrder is drawn to the right");
  await page.mouse.move(second.x + second.width / 2, second.y + second.height / 2);
  await page.mouse.down();
  const to = { x: first.x + first.width / 2, y: first.y + first.height * 1.6 };
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.value === "1",
    tid("inspector-field-runOrder"),
  );
  const moved = await page.locator(tid("action-Fetch-S3")).boundingBox();
  assert.ok(Math.abs(moved.x - first.x) < 2, "parallel actions share a column");
  assert.ok(moved.y > first.y + first.height - 1, "and are stacked");
  await shot("parallel-drag");
  await page.keyboard.press("Control+z");
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.value === "2",
    tid("inspector-field-runOrder"),
  );
  await focusCanvas();
  await page.keyboard.press("Control+z");
  await gone(tid("action-Fetch-S3"));
});

await step("dragging a stage left of another reorders the stages", async () => {
  await fitAll();
  const fetch = await page.locator(tid("stage-Fetch")).boundingBox();
  const ship = await page.locator(tid("stage-Ship")).boundingBox();
  // Grab the Ship stage by its header and drop it left of Fetch.
  await page.mouse.move(ship.x + ship.width / 2, ship.y + 12);
  await page.mouse.down();
  await page.mouse.move(fetch.x - 20, ship.y + 12, { steps: 12 });
  await page.mouse.up();
  await page.waitForFunction(() => {
    const names = [...document.querySelectorAll('[data-testid^="stage-"].stage-node')].map(
      (e) => e.dataset.testid,
    );
    return names.join(",") === "stage-Ship,stage-Fetch";
  });
  await focusCanvas();
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => {
    const names = [...document.querySelectorAll('[data-testid^="stage-"].stage-node')].map(
      (e) => e.dataset.testid,
    );
    return names.join(",") === "stage-Fetch,stage-Ship";
  });
});

await step("unsaved work is autosaved and offered for restore after a restart", async () => {
  await page.click(tid("add-stage"));
  await page.waitForSelector(tid("stage-Stage"));
  const hasStage = (r) => r.document.pipeline.stages.some((st) => st.name === "Stage");
  const deadline = Date.now() + 12_000;
  while (![...backend.recoveries.values()].some(hasStage) && Date.now() < deadline)
    await page.waitForTimeout(250);
  // Only the unsaved design has a recovery copy; clean designs leave none behind.
  assert.equal(backend.recoveries.size, 1, "one recovery copy after the autosave interval");
  assert.ok(hasStage([...backend.recoveries.values()][0]), "the copy holds the unsaved edit");
  await page.reload();
  await page.waitForSelector(tid("recovery-dialog"));
  await shot("recovery-offer");
  const key = [...backend.recoveries.keys()][0];
  await page.click(tid(`recovery-restore-${key}`));
  await page.waitForSelector(tid("stage-Stage"));
  await page.waitForSelector(tid("stage-Fetch"));
  assert.ok(await page.isVisible(tid("dirty-marker")));
  assert.equal(backend.recoveries.size, 1, "the restored copy stays until the design is saved");
  // The restored design is validated like any other: its empty stage is reported.
  await page.waitForSelector(tid("problem-E202"));
});

await step("Ctrl+S saves the restored design to its own file, in its format", async () => {
  await focusCanvas();
  await page.keyboard.press("Control+s");
  await gone(tid("dirty-marker"));
  const text = fs.readFileSync(path.join(FILES, "other.yaml"), "utf8");
  assert.match(text, /^\s*- name: Stage$/m);
  assert.match(text, /^\s*- name: Fetch$/m);
  // Saving works with errors and keeps reporting them.
  assert.ok(await page.isVisible(tid("problem-E202")));
  const deadline = Date.now() + 5000;
  while (backend.recoveries.size > 0 && Date.now() < deadline) await page.waitForTimeout(100);
  assert.equal(backend.recoveries.size, 0, "saving drops the recovery copy");
});

await step("Discard in the restore offer drops the recovery copy", async () => {
  await page.click(tid("add-stage"));
  const deadline = Date.now() + 12_000;
  while (backend.recoveries.size === 0 && Date.now() < deadline) await page.waitForTimeout(250);
  assert.equal(backend.recoveries.size, 1);
  const key = [...backend.recoveries.keys()][0];
  await page.reload();
  await page.click(tid(`recovery-discard-${key}`));
  await gone(tid("recovery-dialog"));
  assert.equal(backend.recoveries.size, 0);
  assert.ok(await page.isVisible(tid("start-screen")));
  await page.click(tid("recent-0"));
  await page.waitForSelector(tid("stage-Fetch"));
  assert.equal(await countOf(tid("stage-Stage-2")), 0, "the discarded edit is gone");
});

async function emitOpenFile(p) {
  await page.evaluate(
    (file) =>
      window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "open-file", payload: { path: file } }),
    p,
  );
}

await step("opening another file asks before dropping unsaved changes", async () => {
  await page.click(tid("add-stage"));
  await page.waitForSelector(tid("stage-Stage-2"));
  await emitOpenFile(saved);
  await page.waitForSelector(tid("confirm-dialog"));
  await shot("confirm-unsaved");
  await page.click(`${tid("confirm-dialog")} >> text=Cancel`);
  await gone(tid("confirm-dialog"));
  assert.ok(await page.isVisible(tid("stage-Stage-2")), "cancel keeps the unsaved design");
  await emitOpenFile(saved);
  await page.click(tid("confirm-yes"));
  await page.waitForSelector(tid("stage-Review"));
});

await step("a backend error is shown as the message it carries", async () => {
  await emitOpenFile(path.join(FILES, "missing.json"));
  await page.waitForSelector(tid("notice"));
  assert.match(await page.textContent(tid("notice")), /Could not open missing\.json: .*no such file/i);
  assert.ok(await page.isVisible(tid("stage-Review")), "the open design stays");
});

await step("Ctrl+N offers the starter and the architecture templates", async () => {
  if (!backend.cli) return; // the templates come from `pipewright new`
  await focusCanvas();
  await page.keyboard.press("Control+n");
  await page.waitForSelector(tid("new-dialog"));
  await shot("new-dialog");
  await page.click(tid("new-template-manual-approval"));
  // The template asks for its values first; the ones left empty stay placeholders.
  await page.waitForSelector(tid("template-form"));
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute("data-testid")),
    "template-value-AppName",
  );
  await page.fill(tid("template-value-AppName"), " shop ");
  await page.fill(tid("template-value-AccountId"), "123456789012");
  await shot("template-form");
  await page.click(tid("template-create"));
  await page.waitForSelector(tid("stage-Source"));
  assert.match(await page.textContent(tid("document-title")), /shop-release/);
  // Template placeholders left (<<Name>>) are marked on the nodes that hold them.
  await page.waitForSelector(tid("placeholder-Source-Source"));
  await shot("template");
});

await step("a file given at startup opens at once; Save as writes a YAML copy", async () => {
  backend.startupFile = saved;
  await page.reload();
  await page.waitForSelector(tid("stage-Review"));
  assert.match(await page.textContent(tid("document-title")), /my-pipeline\.json/);
  const copy = path.join(FILES, "copy.yaml");
  backend.nextSavePath = copy;
  await focusCanvas();
  await page.keyboard.press("Control+Shift+s");
  await waitForFile(copy);
  assert.match(fs.readFileSync(copy, "utf8"), /^pipeline:\n {2}name: my-pipeline$/m);
  await page.waitForFunction(
    (sel) => /copy\.yaml/.test(document.querySelector(sel)?.textContent ?? ""),
    tid("document-title"),
  );
  backend.startupFile = null;
});

await step(
  "told the file by the app's initialization script, the designer opens it without a start screen",
  async () => {
    // What src-tauri/src/startup.rs installs, on the pages of this step's URL only; and a record of
    // whether the start screen was ever put on the page.
    await page.addInitScript((file) => {
      if (!location.search.includes("startup-hint")) return;
      Object.defineProperty(window, "__PIPEWRIGHT_STARTUP__", { value: Object.freeze({ file }) });
      // And, as the workspace's frames come: the canvas's size and whether the inspector was
      // there when the first card appeared, and when the inspector appeared.
      const box = () => {
        const r = document.querySelector(".canvas")?.getBoundingClientRect();
        return r ? `${r.width}x${r.height}` : null;
      };
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="start-screen"]')) window.__startScreenShown = true;
        if (!window.__cardsFrame && document.querySelector(".react-flow__node-action"))
          window.__cardsFrame = {
            canvas: box(),
            inspector: !!document.querySelector('[data-testid="inspector"]'),
          };
        if (!window.__panelsFrame && document.querySelector('[data-testid="inspector"]'))
          window.__panelsFrame = { canvas: box() };
      }).observe(document, { childList: true, subtree: true });
    }, saved);
    backend.calls.length = 0;
    await page.goto(`${server.url}?startup-hint`);
    await page.waitForSelector(tid("stage-Review"));
    assert.match(await page.textContent(tid("document-title")), /my-pipeline\.json/);
    assert.equal(
      await page.evaluate(() => window.__startScreenShown ?? false),
      false,
      "no start screen first",
    );
    assert.ok(!backend.calls.includes("startup_file"), "the file is not asked for over IPC");
    // The canvas comes first, in its final size: the side panels fill their boxes after it.
    await page.waitForSelector(tid("inspector"));
    const frames = await page.evaluate(() => ({ cards: window.__cardsFrame, panels: window.__panelsFrame }));
    assert.equal(
      frames.cards?.inspector,
      false,
      `the cards are drawn before the panels: ${JSON.stringify(frames)}`,
    );
    assert.ok(frames.cards?.canvas, "the canvas was measured when the cards came");
    assert.equal(frames.panels?.canvas, frames.cards.canvas, "the panels do not resize the canvas");
    assert.ok(backend.calls.indexOf("open_design") < 2, `the open comes first: ${backend.calls.join(", ")}`);
    // What the start screen and the recovery offer need still loads, once the design is on screen.
    for (
      let i = 0;
      i < 50 && !(backend.calls.includes("templates") && backend.calls.includes("list_recoveries"));
      i++
    )
      await page.waitForTimeout(100);
    assert.ok(
      backend.calls.includes("templates") && backend.calls.includes("list_recoveries"),
      backend.calls.join(", "),
    );
    await page.goto(server.url);
    await page.waitForSelector(tid("start-screen"));
  },
);

await step("the theme follows the OS dark preference", async () => {
  const light = await page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue("--bg").trim(),
  );
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue("--bg").trim(),
  );
  assert.notEqual(light, dark);
  await shot("dark");
  await page.emulateMedia({ colorScheme: "light" });
});

await step("no unmocked command was called and the page logged no errors", async () => {
  assert.deepEqual(backend.unmocked, []);
  assert.deepEqual(problems, []);
});

async function waitForFile(file) {
  const deadline = Date.now() + 10_000;
  while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(fs.existsSync(file), `${file} was written`);
}

await browser.close();
await server.close();

console.log("\nbackend answers:", JSON.stringify(backend.answeredBy));
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
