// The watcher's events for the control room: changes to refresh, the badge, a switch of the
// active connection (the view follows it), and "open this pipeline" from notifications and the
// tray (with its approval dialog, or its "why it failed" panel). Listened to from app start (the
// tab's count, a notification clicked before the control room was ever shown), without loading
// its screens.
import { useEffect } from "react";
import { events } from "../backend";
import {
  connectionChanged,
  loadDetail,
  loadList,
  loadStatus,
  openDialog,
  openPipeline,
  refreshAll,
  setBadge,
  useControl,
} from "./store";
import { openWhy } from "./why";

/**
 * `shown`: whether the control room is on screen (nothing to refresh otherwise); `onOpen`: show
 * it, for a pipeline to open.
 */
export function useControlEvents(shown: () => boolean, onOpen: () => void): void {
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
        if (!shown()) return;
        void loadList();
        if (e.pipeline === null || e.pipeline === useControl.getState().selected) void loadDetail();
        if (e.pipeline === null) void loadStatus();
      }),
    );
    safe(() => events.onControlBadge(setBadge));
    // The view follows the active connection: the previous one's pipeline leaves the screen.
    safe(() =>
      events.onActiveConnection((e) => {
        if (connectionChanged(e.active) && shown()) void refreshAll();
      }),
    );
    safe(() =>
      events.onControlOpen((e) => {
        onOpen();
        void openPipeline(e.pipeline).then(() => {
          const detail = useControl.getState().detail;
          // "Show why" on a failure: the panel of the failed action, on the connection now shown.
          if (e.why && detail)
            void openWhy(
              {
                pipeline: e.pipeline,
                stage: e.why.stage,
                action: e.why.action,
                executionId: e.why.pipelineExecutionId,
              },
              detail.seen,
            );
          if (!e.approve) return;
          // The approval of the run the notification named (PARALLEL mode may wait on several).
          const approval = detail?.approvals.find(
            (a) =>
              a.stage === e.approve?.stage &&
              a.action === e.approve?.action &&
              (!e.approve?.pipelineExecutionId || a.pipelineExecutionId === e.approve.pipelineExecutionId),
          );
          if (approval) openDialog({ kind: "approve", approval, decision: "approve" });
        });
      }),
    );
    return () => {
      for (const u of unlisten) u.then((f) => f()).catch(() => undefined);
    };
  }, [shown, onOpen]);
}
