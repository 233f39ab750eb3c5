// View state of the environments UI: which environment the canvas shows (null = the base design,
// editable) and which one the differences panel compares it with. Not part of the document.
import { create } from "zustand";

export interface EnvironmentViewState {
  /** The environment shown, or null for the base design. */
  view: string | null;
  /** The environment to compare with (null = the first other one). */
  compare: string | null;
  /** Show an environment's pipeline, or the base design (null). */
  show: (env: string | null) => void;
  compareWith: (env: string) => void;
  /** Back to the base design, comparing with the first other environment (a design was opened). */
  reset: () => void;
}

export const useEnvironmentView = create<EnvironmentViewState>()((set) => ({
  view: null,
  compare: null,
  show: (view) => set({ view }),
  compareWith: (compare) => set({ compare }),
  reset: () => set({ view: null, compare: null }),
}));
