// The design file the app was started with. The desktop app names it in an initialization script
// (src-tauri/src/startup.rs) that runs before any of this code, so reading the file and loading
// the designer are the UI's first steps, and the start screen is never drawn only to be replaced.
// A page without that script (the UI in a plain browser, the e2e harness) asks over IPC instead.
declare global {
  interface Window {
    /** Set by the desktop app's initialization script; absent in a plain browser. */
    __PIPEWRIGHT_STARTUP__?: { readonly file: string | null };
  }
}

/** The file named by the initialization script: a path, null for none, undefined when not told. */
export function startupFileHint(): string | null | undefined {
  const hint = globalThis.window?.__PIPEWRIGHT_STARTUP__;
  if (!hint || typeof hint !== "object") return undefined;
  return typeof hint.file === "string" && hint.file !== "" ? hint.file : null;
}

/** The file the app was started with (null for none): from the hint, else from `ask` (IPC). */
export function startupFile(ask: () => Promise<string | null>): Promise<string | null> {
  const hint = startupFileHint();
  return hint !== undefined ? Promise.resolve(hint) : ask();
}

/**
 * Resolves once the screen has been painted (the first task after the next frame's rendering),
 * or after `atMostMs` whatever happens: a hidden or minimised window may paint nothing at all.
 */
export function afterNextPaint(atMostMs = 400): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, atMostMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    if (typeof requestAnimationFrame !== "function") return;
    requestAnimationFrame(() => setTimeout(done, 0));
  });
}
