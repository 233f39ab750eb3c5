// Screens that live in chunks of their own (the designer workspace, the sync review, the
// connection settings, the control room), loaded without React.lazy/Suspense: React holds back
// the first reveal of a suspended boundary for about 300 ms (its fallback throttle), which on
// start-up cost more than loading the chunk itself. A chunk is loaded once; a caller that knows a
// screen is coming (opening a file) starts the load early, beside its other work.
import { type ComponentType, useEffect, useReducer, useState } from "react";

export interface Chunk<T> {
  /** Load the chunk (once; again after a failure). */
  load(): Promise<T>;
  /** What the chunk holds, once loaded. */
  loaded(): T | null;
  /** Start loading ahead of need; settles either way (a failure shows where the screen renders). */
  prefetch(): Promise<void>;
}

export function chunk<T>(importer: () => Promise<T>): Chunk<T> {
  let value: T | null = null;
  let pending: Promise<T> | null = null;
  const c: Chunk<T> = {
    load() {
      pending ??= importer().then(
        (v) => {
          value = v;
          return v;
        },
        (err: unknown) => {
          pending = null;
          throw err;
        },
      );
      return pending;
    },
    loaded: () => value,
    prefetch: () =>
      c.load().then(
        () => undefined,
        () => undefined,
      ),
  };
  return c;
}

/**
 * The chunk's content, or null while it loads. A failure to load is thrown during render, so the
 * nearest error boundary (ScreenBoundary) shows it, and its "Try again" loads the chunk again.
 */
export function useChunk<T>(c: Chunk<T>): T | null {
  const [, loadedNow] = useReducer((n: number) => n + 1, 0);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const value = c.loaded();
  useEffect(() => {
    if (value !== null) return;
    let live = true;
    c.load().then(
      () => live && loadedNow(),
      (error: unknown) => live && setFailure({ error }),
    );
    return () => {
      live = false;
    };
  }, [c, value]);
  if (failure) throw failure.error;
  return value;
}

/** The designer's workspace: canvas (React Flow), palette, inspector, code view. */
export const workspaceChunk: Chunk<ComponentType> = chunk(() =>
  import("../panels/Workspace").then((m) => m.DesignerWorkspace),
);
