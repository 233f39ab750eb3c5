// The app's two views, Designer and Control room, behind a small switch. The control room comes
// first for a start on the local sandbox without a design file (a new user sees live pipelines);
// opening a design shows the designer. Notification and tray clicks open the control room.
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { useNav } from "../connections/nav";
import { selectDoc, useDesigner } from "../store";
import { ControlRoom, useControlEvents } from "./ControlRoom";
import { useControl } from "./store";

export type AppView = "designer" | "control";

export function ViewShell({ designer }: { designer: ReactNode }) {
  const [view, setView] = useState<AppView>("designer");
  const chosen = useRef(false);
  const appInfo = useDesigner((s) => s.appInfo);
  const doc = useDesigner(selectDoc);
  const badge = useControl((s) => s.status?.badge);

  // First view from the backend, unless the user already picked one.
  useEffect(() => {
    if (!chosen.current && appInfo?.firstView === "control" && !useDesigner.getState().history) {
      setView("control");
    }
  }, [appInfo]);

  // A design opened (file given to a second launch, dropped, recovered): show it.
  const hadDoc = useRef(false);
  useEffect(() => {
    if (doc && !hadDoc.current) setView("designer");
    hadDoc.current = !!doc;
  }, [doc]);

  // Asked for the sync review or the connection settings (e.g. from the control room's
  // "Connections…" button): they live on the designer's side.
  const navView = useNav((s) => s.view);
  const leave = useControl((s) => s.leave);
  const last = useRef({ navView, leave });
  useEffect(() => {
    if (navView !== last.current.navView || leave !== last.current.leave) {
      last.current = { navView, leave };
      chosen.current = true;
      setView("designer");
    }
  }, [navView, leave]);

  // The designer's keyboard shortcuts (save, undo, delete, paste, ...) must not act on the
  // hidden design while the control room is on screen.
  useEffect(() => {
    if (view !== "control") return;
    const guard = (e: KeyboardEvent) => {
      if (isDesignerShortcut(e)) e.stopPropagation();
    };
    window.addEventListener("keydown", guard, true);
    return () => window.removeEventListener("keydown", guard, true);
  }, [view]);

  const pick = (v: AppView) => {
    chosen.current = true;
    setView(v);
  };
  const openControl = useCallback(() => {
    chosen.current = true;
    setView("control");
  }, []);
  useControlEvents(openControl);

  const attention = (badge?.waitingApprovals ?? 0) + (badge?.failingPipelines ?? 0);
  return (
    <div className="view-shell">
      <div className="view-tabs">
        <div className="view-switch" role="tablist" aria-label="View">
          <button
            type="button"
            role="tab"
            aria-selected={view === "designer"}
            className={view === "designer" ? "active" : ""}
            data-testid="view-designer"
            onClick={() => pick("designer")}
          >
            Designer
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={view === "control"}
            className={view === "control" ? "active" : ""}
            data-testid="view-control"
            onClick={() => pick("control")}
          >
            Control room
            {attention > 0 && <span className="count">{attention}</span>}
          </button>
        </div>
      </div>
      {view === "designer" ? designer : <ControlRoom />}
    </div>
  );
}

/** Keys the designer handles on the window (see App.tsx `useShortcuts`). */
export function isDesignerShortcut(
  e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "target">,
): boolean {
  const t = e.target as HTMLElement | null;
  const inText = !!t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
  if (e.ctrlKey || e.metaKey) return ["s", "o", "n", "z", "y", "c", "v"].includes(e.key.toLowerCase());
  return !inText && (e.key === "Delete" || e.key === "Backspace");
}
