// Which main view is on screen (designer, sync review, connection settings), and the active
// connection as the title area shows it. The designer's own store is not touched except for the
// connection chip of its title bar (`appInfo.connectionLabel`).
import { create } from "zustand";
import { type ActiveConnection, appInfo } from "../bindings";
import { useDesigner } from "../store";
import { titleOf } from "./form";

export type View = "design" | "sync" | "settings";

interface NavState {
  view: View;
  active: ActiveConnection | null;
  /** True once the backend said which connection is active (or that none is). */
  known: boolean;
  setView: (view: View) => void;
  setActive: (active: ActiveConnection | null) => void;
}

export const useNav = create<NavState>((set) => ({
  view: "design",
  active: null,
  known: false,
  setView: (view) => set({ view }),
  setActive: (active) => {
    set({ active, known: true });
    if (active) showInTitle(active);
    // None active: the backend's own label (the control room's local sandbox, or none) applies.
    else
      appInfo()
        .then((info) => useDesigner.getState().set({ appInfo: info }))
        .catch(() => undefined);
  },
}));

/** Puts the active connection in the designer's title bar chip (none: leave the backend's). */
export function showInTitle(active: ActiveConnection | null) {
  if (!active) return;
  const d = useDesigner.getState();
  const { label, sandbox } = titleOf(active);
  const info = d.appInfo;
  if (info && info.connectionLabel === label && info.sandbox === sandbox) return;
  d.set({ appInfo: { version: info?.version ?? "", ...info, connectionLabel: label, sandbox } });
}
