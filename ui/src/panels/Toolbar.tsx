// The title bar: file name with the dirty marker, the design's commands while one is open
// (`tools`, see DesignTools.tsx: loaded with the designer's workspace), and the active connection.
import type { ReactNode } from "react";
import { useConnectionTitle } from "../connections/active";
import { baseName } from "../files";
import { useAppInfo } from "../shell/appInfo";
import { selectDirty, useDesigner } from "../store";

export function Toolbar({ tools }: { tools?: ReactNode }) {
  const history = useDesigner((s) => s.history);
  const path = useDesigner((s) => s.path);
  const dirty = useDesigner(selectDirty);
  const version = useAppInfo((s) => s.info?.version);
  const connection = useConnectionTitle();
  const busy = useDesigner((s) => s.busy);
  const doc = history?.present;
  const title = doc
    ? path
      ? baseName(path)
      : `${doc.pipeline.name || "Untitled"} (not saved yet)`
    : "Pipewright";

  return (
    <header className="toolbar" data-region>
      <div className="brand">
        <span className="logo" aria-hidden>
          ◆
        </span>
        <span className="title" data-testid="document-title" title={path ?? undefined}>
          {title}
        </span>
        {doc && dirty && (
          <span className="dirty" data-testid="dirty-marker" title="Unsaved changes">
            ●<span className="dirty-word"> unsaved</span>
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
        title={version ? `Pipewright ${version}` : ""}
      >
        <span className={`dot ${connection.sandbox ? "sandbox" : "live"}`} />
        {connection.label}
      </div>
    </header>
  );
}
