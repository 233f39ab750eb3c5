// The active connection: asked once at start, then kept from the backend's `active-connection`
// events and the switches made in the app; and the name the title area gives it.
import { useEffect, useMemo } from "react";
import { create } from "zustand";
import { type ActiveConnection, type AppInfo, api, events } from "../backend";
import { loadAppInfo, useAppInfo } from "../shell/appInfo";
import { titleOf } from "./form";

interface ActiveConnectionState {
  active: ActiveConnection | null;
  /** True once the backend said which connection is active (or that none is). */
  known: boolean;
  setActive: (active: ActiveConnection | null) => void;
}

export const useConnection = create<ActiveConnectionState>()((set) => ({
  active: null,
  known: false,
  setActive: (active) => set({ active, known: true }),
}));

export interface ConnectionTitle {
  label: string;
  sandbox: boolean;
}

/**
 * How the title area names the connection: the active one once the backend said which it is;
 * before that, or with none active, the backend's own label (the last session's connection, or
 * the local sandbox the control room starts).
 */
export function connectionTitle(
  connection: Pick<ActiveConnectionState, "active" | "known">,
  info: AppInfo | null,
): ConnectionTitle {
  if (connection.known && connection.active) return titleOf(connection.active);
  return { label: info?.connectionLabel ?? "Local sandbox", sandbox: info?.sandbox ?? false };
}

export function useConnectionTitle(): ConnectionTitle {
  const active = useConnection((s) => s.active);
  const known = useConnection((s) => s.known);
  const info = useAppInfo((s) => s.info);
  return useMemo(() => connectionTitle({ active, known }, info), [active, known, info]);
}

/** Keeps the active connection up to date, from app start on. */
export function useActiveConnectionSync() {
  useEffect(() => {
    let live = true;
    api
      .activeConnection()
      .then((a) => live && useConnection.getState().setActive(a))
      .catch(() => undefined);
    const unlisten = events.onActiveConnection((e) => useConnection.getState().setActive(e.active));
    // None active any more: the backend's own label applies again, ask for it.
    const unsubscribe = useConnection.subscribe((s, prev) => {
      if (s.known && s.active === null && (prev.active !== null || !prev.known)) void loadAppInfo();
    });
    return () => {
      live = false;
      unsubscribe();
      unlisten.then((f) => f()).catch(() => undefined);
    };
  }, []);
}
