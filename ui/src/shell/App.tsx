// The app: the views behind one bar (ViewShell.tsx) with the designer (panels/Designer.tsx) on its
// Design tab, and the start-up wiring: the app's info, the startup file, templates, recent files,
// recoveries, file events and drops, validation, autosave, the active connection. Only what the
// first screen needs is loaded at start: the workspace of an open design, the sync review, the
// connection settings and the control room are chunks of their own (chunks.ts), loaded when first
// shown.
import { useEffect } from "react";
import { api, events } from "../backend";
import { useActiveConnectionSync } from "../connections/active";
import { SignInDialog } from "../connections/SignInDialog";
import {
  autosaveNow,
  loadRecoveries,
  loadTemplates,
  openPath,
  openPathGuarded,
  refreshRecent,
} from "../files";
import { Designer, useValidation } from "../panels/Designer";
import { useDesigner } from "../store";
import { UpdatePrompt } from "./AppUpdates";
import { loadAppInfo } from "./appInfo";
import { afterNextPaint, startupFile } from "./startup";
import { ViewShell } from "./ViewShell";

export const AUTOSAVE_EVERY_MS = 5000;

// The file the app was started with is opened as this code loads: reading it and loading the
// workspace's chunk then overlap the first render instead of following it. Told by the desktop
// app's initialization script (startup.ts), the designer shows its loading state meanwhile, not
// the start screen. Settles with whether a file was opened.
const startupOpened: Promise<boolean> = startupFile(api.startupFile)
  .then(async (path) => {
    performance.mark("pipewright:startup-file");
    if (!path) return false;
    await openPath(path);
    return true;
  })
  .catch(() => false)
  .finally(() => useDesigner.getState().startupSettled());

function useStartup() {
  useEffect(() => {
    void loadAppInfo();
    // The provider catalog is asked for by the workspace, when a design opens. The start
    // screen's lists and the recovery offer come at once on a start without a file; with one,
    // once its design is on screen, so that their answers do not hold up its first frame (the
    // open itself refreshes the recent files).
    let live = true;
    void startupOpened
      .then((opened) => (opened ? afterNextPaint() : undefined))
      .then(() => {
        if (!live) return;
        if (!useDesigner.getState().history) void refreshRecent();
        void loadRecoveries();
        void loadTemplates();
      });
    const unlisten: Promise<() => void>[] = [];
    unlisten.push(events.onOpenFile((e) => openPathGuarded(e.path)));
    unlisten.push(events.onFileDrop((paths) => openPathGuarded(paths[0])));
    const timer = setInterval(() => void autosaveNow(), AUTOSAVE_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
      for (const u of unlisten) u.then((f) => f()).catch(() => undefined);
    };
  }, []);
}

export function App() {
  useStartup();
  useValidation();
  useActiveConnectionSync();
  return (
    <>
      <ViewShell designer={<Designer />} />
      <UpdatePrompt />
      <SignInDialog />
    </>
  );
}
