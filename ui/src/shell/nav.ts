// Which main view is on screen: the one bar's tabs (design, sync review, connection settings,
// control room); and whether the list of keyboard shortcuts is open over it.
import { create } from "zustand";

export type View = "design" | "sync" | "settings" | "control";

/** The bar's tabs, in order. */
export const VIEWS: { view: View; label: string }[] = [
  { view: "design", label: "Design" },
  { view: "sync", label: "Sync review" },
  { view: "settings", label: "Connections" },
  { view: "control", label: "Control room" },
];

interface NavState {
  view: View;
  /** True once a view was asked for (a tab, a button, a design opened): the first view no longer applies. */
  chosen: boolean;
  setView: (view: View) => void;
  /** The backend's first view (`appInfo.firstView`), unless a view was already asked for. */
  startOn: (view: View) => void;
  shortcuts: boolean;
  showShortcuts: (open: boolean) => void;
}

export const useNav = create<NavState>()((set, get) => ({
  view: "design",
  chosen: false,
  setView: (view) => set({ view, chosen: true }),
  startOn: (view) => {
    if (!get().chosen) set({ view });
  },
  shortcuts: false,
  showShortcuts: (shortcuts) => set({ shortcuts }),
}));
