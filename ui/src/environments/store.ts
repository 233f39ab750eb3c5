// View state of the environments UI: which environment the canvas shows (null = the base design,
// editable) and which one the differences panel compares it with. Not part of the document.
import { create } from "zustand";

export interface EnvironmentViewState {
  /** The environment shown, or null for the base design. */
  view: string | null;
  /** The environment to compare with (null = the first other one). */
  compare: string | null;
  set: (partial: Partial<Omit<EnvironmentViewState, "set">>) => void;
}

export const useEnvironmentView = create<EnvironmentViewState>()((set) => ({
  view: null,
  compare: null,
  set: (partial) => set(partial),
}));
