// View state of "Compare with...": what the open design is compared with, the review, and the
// dialog that asks. Not part of the document: closing the design or the comparison forgets it.
import { create } from "zustand";
import type { CompareWith, Review } from "../backend";

export interface ReviewViewState {
  /** The "Compare with..." dialog is open. */
  dialog: boolean;
  /** What the design is compared with (again after each edit), or null: no comparison. */
  other: CompareWith | null;
  review: Review | null;
  error: string | null;
  openDialog: () => void;
  closeDialog: () => void;
  /** Compare with `other` from now on (the dialog closes). */
  start: (other: CompareWith) => void;
  show: (review: Review) => void;
  fail: (error: string) => void;
  /** End the comparison: the canvas loses its marks. */
  end: () => void;
}

export const useReview = create<ReviewViewState>()((set) => ({
  dialog: false,
  other: null,
  review: null,
  error: null,
  openDialog: () => set({ dialog: true }),
  closeDialog: () => set({ dialog: false }),
  start: (other) => set({ other, dialog: false, review: null, error: null }),
  show: (review) => set({ review, error: null }),
  fail: (error) => set({ error }),
  end: () => set({ other: null, review: null, error: null }),
}));
