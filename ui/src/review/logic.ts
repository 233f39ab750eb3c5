// "Compare with...": the review of the open design against a git revision or another file (Rust:
// pipewright_core::review), projected onto the designer: the mark of each canvas card, and the
// list of changes with the card each one selects. Pure functions, tested in logic.test.ts.
import type { Document, Mark, Review, ReviewChange } from "../backend";
import { actionNodeId, stageNodeId } from "../model/ops";

/** How each mark reads, in the list and in a card's accessible name. */
export const MARK_WORDS: Record<Mark, string> = {
  unchanged: "unchanged",
  added: "added",
  removed: "removed",
  renamed: "renamed",
  changed: "changed",
  moved: "moved",
};

/**
 * The mark of each card of the open design that the review marks (unchanged cards are left out).
 * Removed stages and actions are not on the canvas: the list names them, and a stage that lost
 * an action is marked changed.
 */
export function reviewMarks(review: Review, doc: Document): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  const stages = new Set(doc.pipeline.stages.map((s) => s.name));
  for (const stage of review.stages) {
    if (stage.mark === "removed" || !stages.has(stage.name)) continue;
    let stageMark: Mark = stage.mark;
    for (const action of stage.actions) {
      if (action.mark === "unchanged") continue;
      if (action.mark === "removed") {
        if (stageMark === "unchanged") stageMark = "changed";
        continue;
      }
      marks.set(actionNodeId(stage.name, action.name), action.mark);
    }
    if (stageMark !== "unchanged") marks.set(stageNodeId(stage.name), stageMark);
  }
  return marks;
}

/** The card a change selects: its action, else its stage, if the open design has it. */
export function changeTarget(change: ReviewChange, doc: Document): string | null {
  if (!change.stage) return null;
  const stage = doc.pipeline.stages.find((s) => s.name === change.stage);
  if (!stage) return null;
  if (change.action && stage.actions.some((a) => a.name === change.action)) {
    return actionNodeId(stage.name, change.action);
  }
  return stageNodeId(stage.name);
}

/** One line of the list of changes. */
export interface ChangeItem {
  key: string;
  /** "added", "removed", "renamed", "changed", "moved" (a reorder). */
  kind: string;
  phrase: string;
  /** The card it selects, or null (a pipeline-level change, a removed stage). */
  target: string | null;
}

const OP_KIND: Record<ReviewChange["op"], string> = {
  add: "added",
  remove: "removed",
  replace: "changed",
  rename: "renamed",
  reorder: "moved",
};

export function changeItems(review: Review, doc: Document): ChangeItem[] {
  return review.changes.map((c, i) => ({
    key: `${i}:${c.pointer}`,
    kind: OP_KIND[c.op] ?? "changed",
    phrase: c.phrase,
    target: changeTarget(c, doc),
  }));
}

/** "1 stage added, 1 action renamed", from the review's counts (the words Rust uses). */
export function summary(review: Review): string {
  if (review.status === "unchanged") return "No changes.";
  const parts: string[] = [];
  const words = (counts: Review["stageMarks"], noun: string) => {
    for (const key of ["added", "removed", "renamed", "changed", "moved"] as const) {
      const n = counts[key];
      if (n > 0) parts.push(`${n} ${noun}${n === 1 ? "" : "s"} ${key}`);
    }
  };
  words(review.stageMarks, "stage");
  words(review.actionMarks, "action");
  if (parts.length === 0) {
    const n = review.changes.length;
    parts.push(`${n} change${n === 1 ? "" : "s"}`);
  }
  return `${review.orderOnly ? "Order only: " : ""}${parts.join(", ")}.`;
}
