// Undo/redo as a stack of documents. Pure: every function returns a new History.
import type { Document } from "../backend";

export interface History {
  past: Document[];
  present: Document;
  future: Document[];
  /** Edits with the same key in a quick row (typing in one field) merge into one undo step. */
  lastKey: string | null;
  /** When the last edit was recorded (ms). */
  lastAt: number;
}

/** A pause longer than this starts a new undo step even in the same field. */
export const COALESCE_MS = 1500;

export const HISTORY_LIMIT = 200;

export function startHistory(present: Document): History {
  return { past: [], present, future: [], lastKey: null, lastAt: 0 };
}

export function record(
  h: History,
  next: Document,
  coalesceKey: string | null = null,
  now: number = Date.now(),
): History {
  if (next === h.present) return h;
  const quick = now - h.lastAt < COALESCE_MS;
  if (coalesceKey !== null && coalesceKey === h.lastKey && quick && h.past.length > 0) {
    return { ...h, present: next, future: [], lastKey: coalesceKey, lastAt: now };
  }
  const past = [...h.past, h.present];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: coalesceKey, lastAt: now };
}

export function undo(h: History): History {
  if (h.past.length === 0) return h;
  const present = h.past[h.past.length - 1];
  return { past: h.past.slice(0, -1), present, future: [h.present, ...h.future], lastKey: null, lastAt: 0 };
}

export function redo(h: History): History {
  if (h.future.length === 0) return h;
  const [present, ...future] = h.future;
  return { past: [...h.past, h.present], present, future, lastKey: null, lastAt: 0 };
}

export const canUndo = (h: History) => h.past.length > 0;
export const canRedo = (h: History) => h.future.length > 0;
