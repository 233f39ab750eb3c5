// Undo/redo as a stack of documents. Pure: every function returns a new History.
import type { Document } from "../backend";

export interface History {
  past: Document[];
  present: Document;
  future: Document[];
  /** Edits with the same key in a row (typing in one field) merge into one undo step. */
  lastKey: string | null;
}

export const HISTORY_LIMIT = 200;

export function startHistory(present: Document): History {
  return { past: [], present, future: [], lastKey: null };
}

export function record(h: History, next: Document, coalesceKey: string | null = null): History {
  if (next === h.present) return h;
  if (coalesceKey !== null && coalesceKey === h.lastKey && h.past.length > 0) {
    return { ...h, present: next, future: [], lastKey: coalesceKey };
  }
  const past = [...h.past, h.present];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: coalesceKey };
}

export function undo(h: History): History {
  if (h.past.length === 0) return h;
  const present = h.past[h.past.length - 1];
  return { past: h.past.slice(0, -1), present, future: [h.present, ...h.future], lastKey: null };
}

export function redo(h: History): History {
  if (h.future.length === 0) return h;
  const [present, ...future] = h.future;
  return { past: [...h.past, h.present], present, future, lastKey: null };
}

export const canUndo = (h: History) => h.past.length > 0;
export const canRedo = (h: History) => h.future.length > 0;
