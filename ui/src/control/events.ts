// The watcher's events for the control room: changes to refresh, the badge, a switch of the
// active connection (the view follows it), and "open this pipeline" from notifications and the
// tray (with its approval dialog, or its "why it failed" panel). Listened to from app start (the
// tab's count, a notification clicked before the control room was ever shown), without loading
// its screens.
import { useEffect } from "react";
import { type ControlOpenEvent, events } from "../backend";
import { shortId } from "./logic";
import {
  connectionChanged,
  loadDetail,
  loadList,
  loadStatus,
  notify,
  openDialog,
  openPipeline,
  refreshAll,
  setBadge,
  useControl,
} from "./store";
import { refreshTimeline } from "./timeline";
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
        void refreshTimeline(e.pipeline);
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
        void openFromEvent(e);
      }),
    );
    return () => {
      for (const u of unlisten) u.then((f) => f()).catch(() => undefined);
    };
  }, [shown, onOpen]);
}

/**
 * What a `control-open` event asks for, once the control room is shown: the pipeline, and the
 * approval dialog of the exact run, stage and action the notification or tray line named (PARALLEL
 * mode may wait on several runs at one action), or the "why it failed" panel of its failure. An
 * approval no longer waiting is said in the notice line instead of opening another run's.
 */
export async function openFromEvent(e: ControlOpenEvent): Promise<void> {
  await openPipeline(e.pipeline);
  const detail = useControl.getState().detail;
  if (!detail) return;
  if (e.why)
    void openWhy(
      {
        pipeline: e.pipeline,
        stage: e.why.stage,
        action: e.why.action,
        executionId: e.why.pipelineExecutionId,
      },
      detail.seen,
    );
  const target = e.approve;
  if (!target) return;
  const approval = detail.approvals.find(
    (a) =>
      a.stage === target.stage &&
      a.action === target.action &&
      (!target.pipelineExecutionId || a.pipelineExecutionId === target.pipelineExecutionId),
  );
  if (approval) openDialog({ kind: "approve", approval, decision: "approve" });
  else {
    const run = target.pipelineExecutionId ? ` of run ${shortId(target.pipelineExecutionId)}` : "";
    notify("info", `The approval at ${target.stage} › ${target.action}${run} is no longer waiting.`);
  }
}
