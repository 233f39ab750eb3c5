// What the backend says of the app: its version, the view to start on, and the connection the
// title names while none is active (the last session's, or the local sandbox the control room
// starts). Asked at start, and again whenever no connection is active any more
// (connections/active.ts).
import { create } from "zustand";
import { type AppInfo, api } from "../backend";

interface AppInfoState {
  info: AppInfo | null;
  setInfo: (info: AppInfo) => void;
}

export const useAppInfo = create<AppInfoState>()((set) => ({
  info: null,
  setInfo: (info) => set({ info }),
}));

/** Asks the backend for the app's info; on a failure the app keeps what it has. */
export function loadAppInfo(): Promise<void> {
  return api.appInfo().then(useAppInfo.getState().setInfo, () => undefined);
}
