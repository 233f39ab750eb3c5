#!/usr/bin/env node
// Benchmark (not a test): the designer with a 50-stage / 500-action pipeline in headless
// Chromium. Prints the first render time (open_design reply -> canvas painted: the start of the
// pipeline, at the zoom the designer opens a design at; target < 300 ms) and the frame rate while
// dragging an action node and while panning (target 50+ fps), framed whole (the Fit button; cards
// drawn from far away) and closer in (cards with their text, edges drawn).
//
// Usage: (cd ui && npm ci && npm run build) && node benches/ui-large-pipeline.mjs
// Uses the pipewright CLI for validation when PIPEWRIGHT_BIN (or target/debug/pipewright) exists.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bundleIpcMock, launchBrowser, openApp, serveDist } from "../ui/e2e/harness.mjs";

const STAGES = 50;
const ACTIONS_PER_STAGE = 10;
const RUNS = Number(process.env.RUNS ?? 3);

function bigDocument() {
  const stages = [];
  for (let s = 0; s < STAGES; s++) {
    const actions = [];
    for (let a = 0; a < ACTIONS_PER_STAGE; a++) {
      const source = s === 0;
      actions.push({
        name: `A${a}`,
        actionTypeId: source
          ? { category: "Source", owner: "AWS", provider: "S3", version: "1" }
          : { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
        // Five runOrder groups of two parallel actions each.
        runOrder: Math.floor(a / 2) + 1,
        configuration: source ? { S3Bucket: "b", S3ObjectKey: `k${a}.zip` } : { ProjectName: `p${s}-${a}` },
        ...(source ? {} : { inputArtifacts: [{ name: s === 1 ? `S0A${a}` : `S${s - 1}A${a}` }] }),
        outputArtifacts: [{ name: `S${s}A${a}` }],
      });
    }
    stages.push({ name: `Stage${s + 1}`, actions });
  }
  return {
    pipeline: {
      name: "big",
      roleArn: "arn:aws:iam::123456789012:role/big",
      artifactStore: { type: "S3", location: "big-bucket" },
      stages,
    },
  };
}

async function frameRate(page, gesture) {
  await page.evaluate(() => {
    window.__bench = { frames: [], on: true };
    const tick = (t) => {
      if (!window.__bench.on) return;
      window.__bench.frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await gesture();
  const frames = await page.evaluate(() => {
    window.__bench.on = false;
    return window.__bench.frames;
  });
  const duration = frames[frames.length - 1] - frames[0];
  let worst = 0;
  for (let i = 1; i < frames.length; i++) worst = Math.max(worst, frames[i] - frames[i - 1]);
  return { fps: ((frames.length - 1) * 1000) / duration, worstFrameMs: worst };
}

/** Frame rate while dragging the card at `at` (its centre) 120 steps; `moved`: a node was dragging. */
async function dragRate(page, at) {
  let moved = 0;
  const rate = await frameRate(page, async () => {
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    for (let i = 0; i < 120; i++) await page.mouse.move(at.x + i, at.y + i / 3);
    moved = await page.locator(".react-flow__node.dragging").count();
    await page.mouse.up();
  });
  return { ...rate, moved };
}

/** Frame rate while panning the canvas (a drag on its empty lower part). */
function panRate(page, canvas) {
  return frameRate(page, async () => {
    const y = canvas.y + canvas.height - 40;
    await page.mouse.move(canvas.x + 300, y);
    await page.mouse.down();
    for (let i = 0; i < 120; i++) await page.mouse.move(canvas.x + 300 + i * 2, y - i / 2);
    await page.mouse.up();
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pipewright-bench-"));
const file = path.join(dir, "big.json");
fs.writeFileSync(file, JSON.stringify(bigDocument()));
const server = await serveDist();
const mock = await bundleIpcMock();
const browser = await launchBrowser({ width: 1600, height: 1000 });
const renders = [];
let drag;
let pan;
const detail = {};
const edits = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const { page, backend } = await openApp(browser.context, server.url, mock, { dir });
    await page.waitForSelector('[data-testid="start-screen"]');
    backend.nextOpenPath = file;
    // The test backend answers `catalog` by running the CLI, synchronously (its cache is per
    // page); in the app it is an in-process call. Ask it ahead, so the measured window holds the
    // app's work and not a process start that stalls the test driver.
    backend.catalog();
    // The canvas is drawn when its action cards and artifact edges are in the DOM (React Flow
    // draws edges only once it knows where the handles are), or its cards are drawn from far
    // away (then edges, under a tenth of a pixel, are left out); it is painted when a task
    // queued from the next animation frame runs, after that frame's style, layout and paint.
    const painted = page.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => {
            const drawn =
              document.querySelector(".react-flow__node-action") &&
              (document.querySelector(".react-flow__edge") || document.querySelector(".action-node.far"));
            if (drawn) {
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
              return true;
            }
            return false;
          };
          if (check()) return;
          const obs = new MutationObserver(() => check() && obs.disconnect());
          obs.observe(document.body, { childList: true, subtree: true });
        }),
    );
    await page.click('[data-testid="start-open"]');
    const paintedAt = await painted;
    const repliedAt = await page.evaluate(() => window.__pwRepliedAt.open_design);
    const nodes = await page.locator(".react-flow__node").count();
    renders.push({ ms: paintedAt - repliedAt, nodes });

    if (run === RUNS - 1) {
      // A design opens at a zoom where its text is legible, showing its start; the Fit button
      // frames all of it, from far away.
      await page.click(".react-flow__controls-fitview");
      await page.waitForTimeout(500);
      const box = await page.locator('[data-testid="action-Stage25-A4"]').boundingBox();
      drag = await dragRate(page, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
      // Edit latency: a keystroke in the inspector's name field until the canvas shows it.
      await page.click('[data-testid="action-Stage25-A4"]');
      const field = page.locator('[data-testid="inspector-field-name"]');
      await field.click();
      for (let i = 0; i < 10; i++) {
        // The listener and the observer are in place before the key is pressed (a key pressed
        // while the page is busy can reach it before a script the test sent first).
        await page.evaluate(
          (want) => {
            window.__edit = new Promise((resolve) => {
              let start = 0;
              window.addEventListener(
                "keydown",
                () => {
                  start = performance.now();
                },
                { once: true, capture: true },
              );
              const check = () => {
                if (document.querySelector(`[data-testid="action-Stage25-${want}"]`)) {
                  requestAnimationFrame(() => resolve(performance.now() - start));
                  return true;
                }
                return false;
              };
              const obs = new MutationObserver(() => check() && obs.disconnect());
              obs.observe(document.body, {
                childList: true,
                subtree: true,
                characterData: true,
                attributes: true,
              });
            });
          },
          `A4${"x".repeat(i + 1)}`,
        );
        await page.keyboard.press("x");
        edits.push(await page.evaluate(() => window.__edit));
      }
      const canvas = await page.locator(".react-flow__pane").boundingBox();
      pan = await panRate(page, canvas);
      // Closer in, where cards show their text and edges are drawn (zoom 0.05 * 1.2^8 = 0.21).
      for (let i = 0; i < 8; i++) await page.click(".react-flow__controls-zoomin");
      await page.waitForSelector(".react-flow__edge");
      await page.waitForTimeout(500);
      detail.edges = await page.locator(".react-flow__edge").count();
      detail.nodes = await page.locator(".react-flow__node").count();
      detail.pan = await panRate(page, canvas);
      // The card nearest the middle of the pane.
      const card = await page.evaluate((pane) => {
        const mid = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
        let best = null;
        for (const el of document.querySelectorAll(".react-flow__node-action")) {
          const r = el.getBoundingClientRect();
          const c = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          const d = Math.hypot(c.x - mid.x, c.y - mid.y);
          if (!best || d < best.d) best = { ...c, d };
        }
        return best;
      }, canvas);
      detail.drag = await dragRate(page, card);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const best = Math.min(...renders.map((r) => r.ms));
const median = renders.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(renders.length / 2)];
console.log(
  `pipeline: ${STAGES} stages, ${STAGES * ACTIONS_PER_STAGE} actions (${renders[0].nodes} nodes on the canvas)`,
);
console.log(
  `first render: median ${median.toFixed(0)} ms, best ${best.toFixed(0)} ms over ${RUNS} runs (target < 300 ms)`,
);
console.log(
  `drag an action${drag.moved ? "" : " (NO NODE MOVED)"}: ${drag.fps.toFixed(1)} fps, worst frame ${drag.worstFrameMs.toFixed(0)} ms (target 50+ fps)`,
);
const editMedian = edits.sort((a, b) => a - b)[Math.floor(edits.length / 2)];
console.log(
  `edit (rename in the inspector): median ${editMedian.toFixed(0)} ms from keystroke to painted canvas`,
);
console.log(
  `pan the canvas: ${pan.fps.toFixed(1)} fps, worst frame ${pan.worstFrameMs.toFixed(0)} ms (target 50+ fps)`,
);
console.log(
  `closer in (${detail.nodes} nodes, ${detail.edges} edges drawn): drag${detail.drag.moved ? "" : " (NO NODE MOVED)"} ${detail.drag.fps.toFixed(1)} fps, worst frame ${detail.drag.worstFrameMs.toFixed(0)} ms; pan ${detail.pan.fps.toFixed(1)} fps, worst frame ${detail.pan.worstFrameMs.toFixed(0)} ms (target 50+ fps)`,
);
