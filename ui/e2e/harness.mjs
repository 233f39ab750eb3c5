// Shared by the end-to-end test and the benchmark: serve the built UI on loopback, bundle the
// IPC mock, and start Debian's Chromium headless through playwright-core with a fresh profile.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build } from "vite";
import { Backend } from "./backend.mjs";

export const UI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = path.resolve(UI_DIR, "..");
export const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

/**
 * Where a screenshot meant for the docs goes: `docs/screenshots/NAME` when the run was asked to
 * refresh them (`UPDATE_SCREENSHOTS=1`), else beside the run's other artifacts, so that
 * `make test` leaves a checkout as it found it.
 */
export function docShot(artifacts, name) {
  const dir = process.env.UPDATE_SCREENSHOTS === "1" ? path.join(REPO_DIR, "docs", "screenshots") : artifacts;
  return path.join(dir, name);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

/** A tiny static server for `dist/` on 127.0.0.1 and a free port. */
export async function serveDist(dist = path.join(UI_DIR, "dist")) {
  if (!fs.existsSync(path.join(dist, "index.html"))) {
    throw new Error(`${dist}/index.html is missing: run \`npm run build\` in ui/ first.`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let file = path.normalize(path.join(dist, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dist, "index.html");
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** The IPC mock (e2e/ipc-mock.ts with @tauri-apps/api/mocks) as one script for addInitScript. */
export async function bundleIpcMock() {
  const out = await build({
    configFile: false,
    logLevel: "silent",
    root: UI_DIR,
    build: {
      write: false,
      minify: false,
      lib: { entry: path.join(UI_DIR, "e2e", "ipc-mock.ts"), formats: ["iife"], name: "PipewrightIpcMock" },
    },
  });
  const result = Array.isArray(out) ? out[0] : out;
  const chunk = result.output.find((o) => o.type === "chunk");
  if (!chunk) throw new Error("bundling the IPC mock produced no script");
  return chunk.code;
}

/** Headless Chromium with a fresh profile. Returns the persistent context and a cleanup. */
export async function launchBrowser({ width = 1440, height = 900 } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "pipewright-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page wired to a fresh Backend: the mock is injected before any app script runs. */
export async function openApp(context, url, mockScript, backendOptions) {
  const backend = new Backend(backendOptions);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.exposeFunction("__pwBackend", (cmd, args) => backend.handle(cmd, args));
  await page.addInitScript({ content: mockScript });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  await page.goto(url);
  return { page, backend, problems };
}
