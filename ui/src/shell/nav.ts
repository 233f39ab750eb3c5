// Which main view is on screen (the one bar's tabs: design, sync review, connection settings,
// control room), and the active connection as the title area shows it. The designer's own store
// is not touched except for the connection chip of its title bar (`appInfo.connectionLabel`).

import { create } from "zustand";
import { type ActiveConnection, api, type BadgeState } from "../backend";
import { titleOf } from "../connections/form";
import { useDesigner } from "../store";

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
  active: ActiveConnection | null;
  /** True once the backend said which connection is active (or that none is). */
  known: boolean;
  /** The watcher's last badge event: the control room tab's count before that room was ever shown. */
  badge: BadgeState | null;
  setView: (view: View) => void;
  /** The backend's first view (`appInfo.firstView`), unless a view was already asked for. */
  startOn: (view: View) => void;
  setActive: (active: ActiveConnection | null) => void;
}

export const useNav = create<NavState>((set, get) => ({
  view: "design",
  chosen: false,
  active: null,
  known: false,
  badge: null,
  setView: (view) => set({ view, chosen: true }),
  startOn: (view) => {
    if (!get().chosen) set({ view });
  },
  setActive: (active) => {
    set({ active, known: true });
    if (active) showInTitle(active);
    // None active: the backend's own label (the control room's local sandbox, or none) applies.
    else
      api
        .appInfo()
        .then((info) => useDesigner.getState().set({ appInfo: info }))
        .catch(() => undefined);
  },
}));

/** The control room tab's count: approvals waiting plus failing pipelines. */
export function attentionOf(badge: BadgeState | null | undefined): number {
  return (badge?.waitingApprovals ?? 0) + (badge?.failingPipelines ?? 0);
}

/** Puts the active connection in the designer's title bar chip (none: leave the backend's). */
export function showInTitle(active: ActiveConnection | null) {
  if (!active) return;
  const d = useDesigner.getState();
  const { label, sandbox } = titleOf(active);
  const info = d.appInfo;
  if (info && info.connectionLabel === label && info.sandbox === sandbox) return;
  d.set({ appInfo: { version: info?.version ?? "", ...info, connectionLabel: label, sandbox } });
}
