// The designer's frame: the title bar, the notice line, the screen below (the start screen, or the
// workspace of an open design) and the dialogs that can show from either.
import { type ReactNode, useEffect } from "react";
import { useDesigner } from "../store";
import { ConfirmDialog, NewDesignDialog, RecoveryDialog, TemplateValuesDialog } from "./Dialogs";
import { Toolbar } from "./Toolbar";

export const NOTICE_MS = 4000;

export function DesignerFrame({ tools, children }: { tools?: ReactNode; children: ReactNode }) {
  const notice = useDesigner((s) => s.notice);
  const setNotice = useDesigner((s) => s.setNotice);
  const announcement = useDesigner((s) => s.announcement);
  // Information fades on its own; errors stay until dismissed.
  useEffect(() => {
    if (notice?.kind !== "info") return;
    const t = setTimeout(() => useDesigner.getState().setNotice(null), NOTICE_MS);
    return () => clearTimeout(t);
  }, [notice]);

  return (
    <div className="app">
      <Toolbar tools={tools} />
      {notice && (
        <div
          className={`notice ${notice.kind}`}
          role={notice.kind === "error" ? "alert" : "status"}
          data-testid="notice"
        >
          <span>{notice.text}</span>
          <button type="button" className="icon-button" onClick={() => setNotice(null)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
      {children}
      {/* What keyboard edits did, for screen readers (a space toggles so a repeat is said again). */}
      <div className="sr-only" role="status" data-testid="announcer">
        {announcement ? `${announcement.text}${announcement.nonce % 2 ? "" : "\u00a0"}` : ""}
      </div>
      <NewDesignDialog />
      <TemplateValuesDialog />
      <RecoveryDialog />
      <ConfirmDialog />
    </div>
  );
}
