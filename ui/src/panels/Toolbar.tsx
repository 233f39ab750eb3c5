// The title bar: file name with the dirty marker, the design's commands while one is open
// (`tools`, see DesignTools.tsx: loaded with the designer's workspace), and the active connection.
import type { ReactNode } from "react";
import { baseName } from "../files";
import { selectDirty, useDesigner } from "../store";

export function Toolbar({ tools }: { tools?: ReactNode }) {
  const history = useDesigner((s) => s.history);
  const path = useDesigner((s) => s.path);
  const dirty = useDesigner(selectDirty);
  const appInfo = useDesigner((s) => s.appInfo);
  const busy = useDesigner((s) => s.busy);
  const doc = history?.present;
  const title = doc
    ? path
      ? baseName(path)
      : `${doc.pipeline.name || "Untitled"} (not saved yet)`
    : "Pipewright";

  return (
    <header className="toolbar">
      <div className="brand">
        <span className="logo" aria-hidden>
          ◆
        </span>
        <span className="title" data-testid="document-title" title={path ?? undefined}>
          {title}
        </span>
        {doc && dirty && (
          <span className="dirty" data-testid="dirty-marker" title="Unsaved changes">
            ● unsaved
          </span>
        )}
      </div>
      {doc && tools}
      {busy && doc && (
        <span className="busy-chip" role="status">
          {busy}
        </span>
      )}
      <div
        className="connection"
        data-testid="connection-label"
        title={appInfo ? `Pipewright ${appInfo.version}` : ""}
      >
        <span className={`dot ${appInfo?.sandbox ? "sandbox" : "live"}`} />
        {appInfo?.connectionLabel ?? "Local sandbox"}
      </div>
    </header>
  );
}
