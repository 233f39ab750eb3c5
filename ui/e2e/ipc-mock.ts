// Injected with page.addInitScript before the app loads: the Tauri IPC mock. Every command goes to
// the Node side (`__pwBackend`, exposed by Playwright), which answers from the real `pipewright`
// CLI where it matters and from its own fakes elsewhere; a command it does not know is rejected,
// so an unmocked call fails loudly instead of passing silently.
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";

type Reply = { ok: true; value: unknown } | { ok: false; error: unknown };

declare global {
  interface Window {
    __pwBackend?: (cmd: string, args: unknown) => Promise<Reply>;
    /** performance.now() when each command's reply reached the page (for the benchmark). */
    __pwRepliedAt?: Record<string, number>;
  }
}

window.__pwRepliedAt = {};

mockWindows("main");
mockIPC(
  async (cmd, args) => {
    const backend = window.__pwBackend;
    if (!backend) throw { kind: "unmocked", message: `No test backend is attached; cannot answer "${cmd}".` };
    const reply = await backend(cmd, args ?? {});
    if (window.__pwRepliedAt) window.__pwRepliedAt[cmd] = performance.now();
    if (reply.ok) return reply.value;
    throw reply.error;
  },
  { shouldMockEvents: true },
);
