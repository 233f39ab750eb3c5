// A minimal W3C WebDriver client over fetch, and tauri-driver start-up, for the end-to-end test
// (tests/webdriver/designer.mjs) and the start-up benchmark (benches/app-startup.sh).
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const W3C_ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** The id of a web element reference (W3C key; older drivers say `ELEMENT`). */
function elementId(ref) {
  const id = ref?.[W3C_ELEMENT] ?? ref?.ELEMENT;
  if (!id) throw new Error(`not an element reference: ${JSON.stringify(ref)}`);
  return id;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A deadline-bounded poll: returns the first truthy value of `fn`, or throws `what`. */
export async function until(what, fn, timeoutMs = 20000, everyMs = 200) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ""}`,
  );
}

export class WebDriver {
  /** `base`: the driver's URL; `out`: the folder screenshots go to. */
  constructor(base, out = ".") {
    this.base = base;
    this.out = out;
    this.session = null;
  }

  async call(method, url, body) {
    const started = Date.now();
    try {
      return await this.request(method, url, body);
    } finally {
      const ms = Date.now() - started;
      if (process.env.WD_TRACE || ms > 10000) console.error(`webdriver: ${method} ${url} took ${ms} ms`);
    }
  }

  async request(method, url, body) {
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A driver that stops answering fails the test instead of hanging it.
      signal: AbortSignal.timeout(60000),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${url}: HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
    }
    if (!res.ok || json.value?.error) {
      const v = json.value ?? {};
      throw new Error(`${method} ${url}: ${v.error ?? res.status}: ${v.message ?? text.slice(0, 300)}`);
    }
    return json.value;
  }

  s(url) {
    return `/session/${this.session}${url}`;
  }

  async start(capabilities) {
    const value = await this.call("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    this.session = value.sessionId;
    return value;
  }

  async stop() {
    if (this.session) await this.call("DELETE", `/session/${this.session}`).catch(() => {});
    this.session = null;
  }

  async find(css) {
    const v = await this.call("POST", this.s("/element"), { using: "css selector", value: css });
    return elementId(v);
  }

  async findAll(css) {
    const v = await this.call("POST", this.s("/elements"), { using: "css selector", value: css });
    return v.map(elementId);
  }

  /** Wait until an element matching `css` exists and return it. */
  waitFor(css, timeoutMs) {
    return until(`element ${css}`, async () => (await this.findAll(css))[0], timeoutMs);
  }

  click(id) {
    return this.call("POST", this.s(`/element/${id}/click`), {});
  }

  text(id) {
    return this.call("GET", this.s(`/element/${id}/text`));
  }

  script(source, args = []) {
    return this.call("POST", this.s("/execute/sync"), { script: source, args });
  }

  /** Press `keys` together (a chord such as Ctrl+S: `["\uE009", "s"]`), then release them. */
  keys(keys) {
    const down = keys.map((value) => ({ type: "keyDown", value }));
    const up = [...keys].reverse().map((value) => ({ type: "keyUp", value }));
    return this.call("POST", this.s("/actions"), {
      actions: [{ type: "key", id: "keyboard", actions: [...down, ...up] }],
    });
  }

  /**
   * Save a screenshot as `<out>/<name>.png`. WebKitGTK takes it after the page's next display.
   * Drawing without compositing, as the app does on a machine without a GPU
   * (src-tauri/src/rendering.rs), a page displays only when something on it changes, so a still
   * screen would make WebKit wait for ever. Meanwhile one pixel in a corner changes shade every
   * 16 ms: it is 1 to 2% darker, and it is removed once the picture is taken.
   */
  async screenshot(name) {
    await this.script(
      `let d = document.getElementById("webdriver-display-nudge");
       if (!d) {
         d = document.createElement("div");
         d.id = "webdriver-display-nudge";
         d.style.cssText = "position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;z-index:2147483647";
         document.body.appendChild(d);
       }
       let n = 0;
       clearInterval(window.__webdriverNudge);
       window.__webdriverNudge = setInterval(() => {
         d.style.background = n++ % 2 ? "rgba(0, 0, 0, 0.01)" : "rgba(0, 0, 0, 0.02)";
       }, 16);
       return true;`,
    );
    let png;
    try {
      png = await this.call("GET", this.s("/screenshot"));
    } finally {
      await this.script(
        `clearInterval(window.__webdriverNudge); document.getElementById("webdriver-display-nudge")?.remove(); return true;`,
      ).catch(() => undefined);
    }
    const file = path.join(this.out, `${name}.png`);
    writeFileSync(file, Buffer.from(png, "base64"));
    console.log(`  screenshot ${path.relative(process.cwd(), file)}`);
  }
}

/**
 * Start tauri-driver on free loopback ports (with `env` added to its environment, which the app
 * inherits) and wait until it answers `/status`.
 * Returns `{ wd, log, stop }`: a client (no session yet), the driver's output so far, and a
 * function that ends the session and the driver.
 */
export async function startDriver({ driver = "tauri-driver", out = ".", env = {} } = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const log = [];
  const child = spawn(driver, ["--port", String(port), "--native-port", String(nativePort)], {
    // The app inherits this environment through the driver.
    env: { ...process.env, NO_AT_BRIDGE: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => log.push(d.toString()));
  child.stderr.on("data", (d) => log.push(d.toString()));
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  child.on("error", (e) => {
    exited = `could not start (${e.message}); make test installs it (scripts/lib.sh ensure_tauri_driver)`;
  });
  const wd = new WebDriver(`http://127.0.0.1:${port}`, out);
  const stop = async () => {
    await wd.stop();
    child.kill();
    // A driver that ignores SIGTERM must not keep the test (or its session) alive.
    setTimeout(() => child.kill("SIGKILL"), 3000).unref();
    child.stdout.destroy();
    child.stderr.destroy();
    child.unref();
  };
  try {
    await until("tauri-driver /status", async () => {
      if (exited) throw new Error(`tauri-driver ${exited}: ${log.join("")}`);
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      return res.ok;
    });
  } catch (e) {
    child.kill();
    throw e;
  }
  return { wd, log, stop, port, nativePort };
}

/**
 * Pids of the processes running `bin` in this test's own D-Bus session (so never another test's
 * or the user's instance).
 */
export function instancesOf(bin) {
  const bus = process.env.DBUS_SESSION_BUS_ADDRESS ?? "";
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readlinkSync(`/proc/${entry}/exe`).startsWith(bin)) continue;
      const env = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (env.includes(`DBUS_SESSION_BUS_ADDRESS=${bus}`)) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

/**
 * Wait until no instance of `bin` runs in this session and, if given, its single-instance D-Bus
 * name is free: a new session started while the previous app is still exiting would hand over to
 * it and quit.
 */
export async function untilExited(bin, busName, timeoutMs = 30000) {
  await until(`${bin} to exit`, () => instancesOf(bin).length === 0, timeoutMs);
  if (busName)
    await until(`the D-Bus name ${busName} to be released`, () => !busNameOwned(busName), timeoutMs);
}

/** Whether a name on this session's bus has an owner. */
export function busNameOwned(name) {
  const reply = execFileSync(
    "dbus-send",
    [
      "--session",
      "--print-reply",
      "--dest=org.freedesktop.DBus",
      "/org/freedesktop/DBus",
      "org.freedesktop.DBus.NameHasOwner",
      `string:${name}`,
    ],
    { encoding: "utf8" },
  );
  return /boolean true/.test(reply);
}
