// The app's views behind one bar of tabs (ViewBar.tsx): Design, Sync review, Connections and
// Control room. The control room comes first for a start on the local sandbox without a design
// file (a new user sees live pipelines); opening a design shows the designer. Notification and
// tray clicks open the control room. Every view but the designer is loaded the first time it is
// shown (screens.tsx).
import { type ReactNode, useCallback, useEffect, useRef } from "react";
import { events } from "../backend";
import {
  loadDetail,
  loadList,
  loadStatus,
  openDialog,
  openPipeline,
  setBadge,
  useControl,
} from "../control/store";
import { selectDoc, useDesigner } from "../store";
import { useNav } from "./nav";
import { RemoteView } from "./screens";
import { ViewBar } from "./ViewBar";

export function ViewShell({ designer }: { designer: ReactNode }) {
  const view = useNav((s) => s.view);
  const appInfo = useDesigner((s) => s.appInfo);
  const doc = useDesigner(selectDoc);

  // First view from the backend, unless one was already asked for.
  useEffect(() => {
    if (appInfo?.firstView === "control" && !useDesigner.getState().history)
      useNav.getState().startOn("control");
  }, [appInfo]);

  // A design opened (file given to a second launch, dropped, recovered): show it.
  const hadDoc = useRef(false);
  useEffect(() => {
    if (doc && !hadDoc.current) useNav.getState().setView("design");
    hadDoc.current = !!doc;
  }, [doc]);

  // The control room asked to leave (its "Connections…" button sets the tab it wants first).
  const leave = useControl((s) => s.leave);
  const lastLeave = useRef(leave);
  useEffect(() => {
    if (leave === lastLeave.current) return;
    lastLeave.current = leave;
    if (useNav.getState().view === "control") useNav.getState().setView("design");
  }, [leave]);

  const openControl = useCallback(() => useNav.getState().setView("control"), []);
  useControlEvents(openControl);

  return (
    <div className="view-shell">
      <ViewBar />
      {view === "design" ? designer : <RemoteView view={view} />}
    </div>
  );
}

/**
 * Backend events: watcher changes, the badge, and "open this pipeline" from notifications and
 * the tray. Listened to from the start (the tab's count, a notification clicked before the
 * control room was ever shown), without loading the control room's screens.
 */
export function useControlEvents(onOpen: (pipeline: string) => void): void {
  useEffect(() => {
    const unlisten: Promise<() => void>[] = [];
    const safe = (p: () => Promise<() => void>) => {
      try {
        unlisten.push(p().catch(() => () => undefined));
      } catch {
        // Not inside Tauri (plain browser): no backend events.
      }
    };
    safe(() =>
      events.onControlChanged((e) => {
        // Nothing to refresh while the control room has not been shown.
        if (useNav.getState().view !== "control") return;
        void loadList();
        if (e.pipeline === null || e.pipeline === useControl.getState().selected) void loadDetail();
        if (e.pipeline === null) void loadStatus();
      }),
    );
    safe(() =>
      events.onControlBadge((badge) => {
        setBadge(badge);
        useNav.setState({ badge });
      }),
    );
    safe(() =>
      events.onControlOpen((e) => {
        onOpen(e.pipeline);
        void openPipeline(e.pipeline).then(() => {
          if (!e.approve) return;
          const detail = useControl.getState().detail;
          const approval = detail?.approvals.find(
            (a) => a.stage === e.approve?.stage && a.action === e.approve?.action,
          );
          if (approval) openDialog({ kind: "approve", approval, decision: "approve" });
        });
      }),
    );
    return () => {
      for (const u of unlisten) u.then((f) => f()).catch(() => undefined);
    };
  }, [onOpen]);
}
