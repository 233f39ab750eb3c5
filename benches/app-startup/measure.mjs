// Measures the desktop app and a Tauri hello-world, alternately, RUNS times each: milliseconds
// from asking tauri-driver for a session (which launches the binary) to the first rendered page
// (for Pipewright: the designer with the sample design's action nodes on the canvas, as a user
// opening a design file sees it; its side panels are drawn just after, and that time is printed
// too), and the PSS of the binary plus its child processes (WebKit's web and network processes)
// two seconds later. Prints medians and the ratios against the target. Driven by benches/app-startup.sh.
//
// Without a GPU, Pipewright asks WebKit for CPU rendering without compositing
// (src-tauri/src/rendering.rs) and a stock hello-world does not; `--hello-same-rendering` names a
// launcher that runs the hello-world with the same choice, measured too, so both ratios are
// printed. `--floor` names a launcher of a hello-world whose page is React and React Flow with
// five cards, with Pipewright's rendering choice (`--floor-exe` is its binary): what the stack
// itself costs, printed beside them.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sleep, startDriver, until } from "../../tests/webdriver/webdriver.mjs";

const { values: opts } = parseArgs({
  options: {
    app: { type: "string" },
    hello: { type: "string" },
    runs: { type: "string", default: "5" },
    target: { type: "string", default: "1.3" },
    profile: { type: "string", default: "release" },
    "hello-same-rendering": { type: "string" },
    floor: { type: "string" },
    "floor-exe": { type: "string" },
  },
});
const sample = fileURLToPath(new URL("./sample-design.json", import.meta.url));
const subjects = [
  {
    name: "pipewright",
    bin: path.resolve(opts.app),
    args: [sample],
    // Every action of the sample design drawn on the canvas: the designer is interactive.
    ready: ".react-flow__node-action",
    count: (JSON.parse(readFileSync(sample, "utf8")).pipeline.stages ?? []).flatMap((s) => s.actions).length,
    // Then the side panels, which draw once the canvas is on screen: the palette's providers and
    // the inspector. Reported beside the start time, as when the whole designer is on screen.
    complete: [".palette-item", "[data-testid=inspector]"],
  },
  { name: "hello-world", bin: path.resolve(opts.hello), args: [], ready: "#hello", count: 1 },
];
if (opts["hello-same-rendering"])
  subjects.push({
    name: "hello-world, same rendering",
    bin: path.resolve(opts["hello-same-rendering"]),
    exe: path.resolve(opts.hello),
    args: [],
    ready: "#hello",
    count: 1,
  });
// The stack's floor, a reference without a target: a hello-world whose page is React and React
// Flow drawing five cards (benches/app-startup/floor).
if (opts.floor)
  subjects.push({
    name: "react-flow hello-world",
    bin: path.resolve(opts.floor),
    exe: path.resolve(opts["floor-exe"] ?? opts.floor),
    args: [],
    ready: ".react-flow__node",
    count: 5,
  });
const runs = Number(opts.runs);
const target = Number(opts.target);

/** Every process: pid -> { ppid, exe }. */
function processes() {
  const out = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      let exe = "";
      try {
        exe = readlinkSync(`/proc/${entry}/exe`);
      } catch {}
      out.set(Number(entry), { ppid, exe });
    } catch {}
  }
  return out;
}

/** PSS in KiB of the processes running `bin` and all their descendants. */
function pssOf(bin) {
  const all = processes();
  const roots = [...all].filter(([, p]) => p.exe === bin).map(([pid]) => pid);
  const tree = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of all) {
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let kib = 0;
  for (const pid of tree) {
    try {
      const m = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+) kB/m);
      if (m) kib += Number(m[1]);
    } catch {}
  }
  return { kib, processes: tree.size };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

async function measure(driver, subject) {
  const { wd } = driver;
  const t0 = performance.now();
  await wd.start({ "tauri:options": { application: subject.bin, args: subject.args } });
  await until(
    `${subject.name} to render ${subject.ready}`,
    async () => (await wd.findAll(subject.ready)).length >= subject.count,
    60000,
    20,
  );
  const ms = performance.now() - t0;
  let completeMs = ms;
  if (subject.complete) {
    await until(
      `${subject.name} to draw its panels`,
      async () => {
        const found = await driver.wd.script(
          "return arguments[0].every((sel) => document.querySelector(sel) !== null);",
          [subject.complete],
        );
        return found === true;
      },
      60000,
      20,
    );
    completeMs = performance.now() - t0;
  }
  await sleep(2000);
  const memory = pssOf(subject.exe ?? subject.bin);
  await wd.stop();
  await sleep(500);
  return { ms, completeMs, mib: memory.kib / 1024, processes: memory.processes };
}

async function main() {
  const driver = await startDriver();
  const results = Object.fromEntries(subjects.map((s) => [s.name, []]));
  try {
    // One warm-up each (disk cache, fontconfig), then alternate so drift hits both alike.
    for (const s of subjects) await measure(driver, s);
    for (let i = 0; i < runs; i++) {
      for (const s of subjects) {
        const r = await measure(driver, s);
        results[s.name].push(r);
        console.log(
          `${s.name} run ${i + 1}: ${r.ms.toFixed(0)} ms${s.complete ? ` (panels ${r.completeMs.toFixed(0)} ms)` : ""}, ${r.mib.toFixed(1)} MiB PSS in ${r.processes} processes`,
        );
      }
    }
  } finally {
    await driver.stop();
  }
  const summary = Object.fromEntries(
    subjects.map((s) => [
      s.name,
      {
        ms: median(results[s.name].map((r) => r.ms)),
        completeMs: median(results[s.name].map((r) => r.completeMs)),
        mib: median(results[s.name].map((r) => r.mib)),
      },
    ]),
  );
  const app = summary.pipewright;
  const hello = summary["hello-world"];
  const startRatio = app.ms / hello.ms;
  const memRatio = app.mib / hello.mib;
  const verdict = (r) => (r <= target ? "meets" : "ABOVE");
  const same = summary["hello-world, same rendering"];
  if (same)
    console.log(
      `against the hello-world with the same rendering choice: start ${(app.ms / same.ms).toFixed(2)}x, memory ${(app.mib / same.mib).toFixed(2)}x`,
    );
  const floor = summary["react-flow hello-world"];
  if (floor)
    console.log(
      `the React + React Flow hello-world (five cards, with Pipewright's rendering choice): ${floor.ms.toFixed(0)} ms = ${(floor.ms / hello.ms).toFixed(2)}x the hello-world, memory ${(floor.mib / hello.mib).toFixed(2)}x; Pipewright is ${(app.ms / floor.ms).toFixed(2)}x it`,
    );
  console.log(
    `pipewright's side panels drawn at ${app.completeMs.toFixed(0)} ms = ${(app.completeMs / hello.ms).toFixed(2)}x the hello-world's start`,
  );
  console.log(
    `app-startup (${opts.profile}, median of ${runs}): start ${app.ms.toFixed(0)} ms vs hello-world ${hello.ms.toFixed(0)} ms = ${startRatio.toFixed(2)}x (target ${target}x: ${verdict(startRatio)}); ` +
      `memory ${app.mib.toFixed(1)} MiB vs ${hello.mib.toFixed(1)} MiB = ${memRatio.toFixed(2)}x (target ${target}x: ${verdict(memRatio)})`,
  );
  if (process.env.BENCH_STRICT === "1" && (startRatio > target || memRatio > target)) process.exit(1);
}

main().catch((e) => {
  console.error(`app-startup benchmark failed: ${e.message}`);
  process.exit(1);
});
