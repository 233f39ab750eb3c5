// End-to-end test of "Compare with..." in headless Chromium, on the shared harness (harness.mjs,
// backend.mjs): the held-back example (tests/review) committed in a real git repository made
// here, the working copy holding the newer side. The two commands answer as the app's do, with
// real parts: `compare_design` runs the REAL `pipewright diff --format json` (the same core
// review as pipewright_appcore::review, the open design on standard input), `design_revisions`
// real `git log`. Screenshots land in test-artifacts/review/, each with an axe-core audit.
// Prints `N passed, N failed`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { audit } from "./axe.mjs";
import { bundleIpcMock, launchBrowser, openApp, REPO_DIR, serveDist } from "./harness.mjs";

const ARTIFACTS = path.join(REPO_DIR, "test-artifacts", "review");
const FILES = path.join(ARTIFACTS, "files");
fs.rmSync(ARTIFACTS, { recursive: true, force: true });
fs.mkdirSync(FILES, { recursive: true });

const tid = (id) => `[data-testid="${id}"]`;
const results = [];
const MINE = ["compare_design", "design_revisions"];

const server = await serveDist();
const mock = await bundleIpcMock();
const browser = await launchBrowser();
const { page, backend, problems } = await openApp(browser.context, server.url, mock, { dir: FILES });
page.setDefaultTimeout(10_000);
if (!backend.cli) {
  console.log("SKIP review e2e: no pipewright binary (set PIPEWRIGHT_BIN or build pipewright-cli)");
  await browser.close();
  await server.close();
  process.exit(process.env.PIPEWRIGHT_E2E_REQUIRE_CLI === "1" ? 1 : 0);
}

// --- A git repository with the held-back example. ------------------------------------------

const example = (side) =>
  fs.readFileSync(path.join(REPO_DIR, "tests", "review", `${side}.pipewright.yaml`), "utf8");
const REPO = path.join(FILES, "repo");
fs.mkdirSync(REPO, { recursive: true });
function git(args, cwd = REPO) {
  const r = spawnSync(
    "git",
    [
      "-c",
      "user.name=Pipewright Test",
      "-c",
      "user.email=test@example.com",
      "-c",
      "commit.gpgsign=false",
      ...args,
    ],
    { cwd, encoding: "utf8" },
  );
  if (r.error) throw r.error;
  return r;
}
const DESIGN = path.join(REPO, "shop.pipewright.yaml");
fs.writeFileSync(DESIGN, example("before"));
assert.equal(git(["init", "-q"]).status, 0);
assert.equal(git(["add", "."]).status, 0);
assert.equal(git(["commit", "-q", "-m", "The shop pipeline"]).status, 0);
fs.writeFileSync(DESIGN, example("after"));
const OTHER = path.join(FILES, "before.pipewright.yaml");
fs.writeFileSync(OTHER, example("before"));

// --- The commands of src-tauri/src/commands/review.rs, with real parts. ----------------------

function compareDesign(file, document, other) {
  let args;
  let cwd = FILES;
  if (other.kind === "revision") {
    if (!file) throw { kind: "invalid", message: "this design has no file yet, so it has no git history" };
    cwd = path.dirname(file);
    args = ["diff", "--format", "json", `${other.revision}:./${path.basename(file)}`, "-"];
  } else {
    args = ["diff", "--format", "json", other.path, "-"];
  }
  const r = spawnSync(backend.cli, args, { cwd, input: JSON.stringify(document), encoding: "utf8" });
  if (r.status !== 0) throw { kind: "invalid", message: r.stderr.trim().replace(/^error:\s*/i, "") };
  return JSON.parse(r.stdout).pipelines[0];
}

function designRevisions(file) {
  const r = git(
    ["log", "-n30", "--format=%H%x1f%h%x1f%cs%x1f%s", "--", path.basename(file)],
    path.dirname(file),
  );
  if (r.status !== 0) throw { kind: "invalid", message: r.stderr.trim() };
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [id, short, date, subject] = line.split("\x1f");
      return { id, short, date, subject };
    });
}

const baseDispatch = backend.dispatch.bind(backend);
backend.dispatch = (cmd, a) => {
  switch (cmd) {
    case "compare_design":
      backend.note(cmd, "pipewright CLI (diff --format json, the design on standard input)");
      return compareDesign(a.path, a.document, a.other);
    case "design_revisions":
      backend.note(cmd, "git log");
      return designRevisions(a.path);
    default:
      return baseDispatch(cmd, a);
  }
};

// --- Steps. --------------------------------------------------------------------------------

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

/** The React Flow node (the wrapper that carries the mark) of a card. */
const card = (id) => `.react-flow__node:has(> ${tid(id)})`;
const classOf = (id) => page.getAttribute(card(id), "class");

await step("the open design is the working copy of a file in git", async () => {
  backend.startupFile = DESIGN;
  await page.reload();
  await page.waitForSelector(tid("stage-Approve"));
  await page.waitForSelector(tid("action-Build-BuildImage"));
  assert.equal(
    await page.locator(".react-flow__node.review-mark").count(),
    0,
    "no marks before a comparison",
  );
});

await step("Compare with... lists the file's commits", async () => {
  await page.click(tid("compare-with"));
  await page.waitForSelector(tid("compare-dialog"));
  assert.ok(await page.isChecked(tid("compare-kind-revision")), "a saved design starts with a revision");
  const log = designRevisions(DESIGN);
  await page.waitForSelector(tid(`compare-commit-${log[0].short}`));
  assert.match(await page.textContent(tid(`compare-commit-${log[0].short}`)), /The shop pipeline/);
  await shot("compare-dialog");
  await page.click(tid(`compare-commit-${log[0].short}`));
  assert.equal(await page.inputValue(tid("compare-revision")), log[0].short);
});

await step("against the commit, the list names the rename and the added stage", async () => {
  await page.click(tid("compare-go"));
  await page.waitForSelector(tid("compare-dialog"), { state: "detached" });
  await page.waitForSelector(tid("review-item"));
  const items = await page.locator(tid("review-item")).allTextContents();
  assert.deepEqual(items, [
    "renamed action `Build` in stage `Build` renamed to `BuildImage`",
    "added stage `Approve` added after `Build` with 1 action: `ApproveRelease` (Approval, Manual)",
  ]);
  assert.equal(await page.textContent(tid("review-summary")), "1 stage added, 1 action renamed.");
});

await step("the canvas marks what changed, and only that", async () => {
  assert.match(await classOf("stage-Approve"), /\breview-added\b/);
  assert.match(await classOf("action-Approve-ApproveRelease"), /\breview-added\b/);
  assert.match(await classOf("action-Build-BuildImage"), /\breview-renamed\b/);
  assert.doesNotMatch(await classOf("stage-Deploy"), /review-/);
  assert.doesNotMatch(await classOf("action-Build-UnitTests"), /review-/);
  assert.match(await page.getAttribute(card("action-Build-BuildImage"), "aria-label"), /, renamed$/);
  // The mark is a word too, not only a colour.
  const word = await page.evaluate(
    (sel) => getComputedStyle(document.querySelector(sel), "::after").content,
    card("stage-Approve"),
  );
  assert.equal(word, '"added"');
  await shot("marked");
});

await step("clicking a change selects its card", async () => {
  await page.locator(tid("review-item")).nth(0).click();
  await page.waitForSelector(`.react-flow__node.selected:has(> ${tid("action-Build-BuildImage")})`);
  assert.equal(await page.locator(tid("review-item")).nth(0).getAttribute("aria-current"), "true");
  await page.locator(tid("review-item")).nth(1).click();
  await page.waitForSelector(`.react-flow__node.selected:has(> ${tid("stage-Approve")})`);
  await shot("selected");
});

await step("an edit is compared again: the marks follow the design", async () => {
  // Delete the added stage (selected): the review no longer has it.
  await page.locator(card("stage-Approve")).focus();
  await page.keyboard.press("Delete");
  const confirm = page.locator(tid("confirm-yes"));
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await page.waitForSelector(tid("stage-Approve"), { state: "detached" });
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, tid("review-item"));
  assert.match(await page.textContent(tid("review-item")), /renamed to `BuildImage`/);
  await page.click(tid("undo"));
  await page.waitForSelector(tid("stage-Approve"));
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, tid("review-item"));
});

await step("against another file, the same review; ending it clears the marks", async () => {
  await page.click(tid("compare-with"));
  await page.waitForSelector(tid("compare-dialog"));
  await page.click(tid("compare-kind-file"));
  await page.fill(tid("compare-file"), OTHER);
  await page.click(tid("compare-go"));
  await page.waitForFunction(
    ([sel, text]) => document.querySelector(sel)?.textContent?.includes(text),
    [".review-against", OTHER],
  );
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, tid("review-item"));
  assert.match(await classOf("stage-Approve"), /\breview-added\b/);
  await shot("another-file");
  await page.click(tid("review-end"));
  await page.waitForSelector(tid("review-panel"), { state: "detached" });
  assert.equal(await page.locator(".react-flow__node.review-mark").count(), 0);
});

await step("a revision git does not know is said in the panel", async () => {
  await page.click(tid("compare-with"));
  await page.fill(tid("compare-revision"), "no-such-branch");
  await page.click(tid("compare-go"));
  await page.waitForSelector(tid("review-error"));
  assert.match(await page.textContent(tid("review-error")), /git cannot read it/);
  await page.click(tid("review-end"));
});

await step("none of these commands went unanswered and the page logged no errors", async () => {
  const missing = backend.unmocked.filter((c) => MINE.includes(c));
  assert.deepEqual(missing, []);
  const mine = problems.filter((p) => !/unmocked|does not implement/.test(p));
  assert.deepEqual(mine, []);
});

console.log("answered by:");
for (const c of MINE) console.log(`  ${c}: ${backend.answeredBy[c] ?? "(not called)"}`);
await browser.close();
await server.close();
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
