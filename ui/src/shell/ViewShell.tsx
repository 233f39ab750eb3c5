// The app's views behind one bar of tabs (ViewBar.tsx): Design, Sync review, Connections and
// Control room. The control room comes first for a start on the local sandbox without a design
// file (a new user sees live pipelines); opening a design shows the designer. Notification and
// tray clicks open the control room. Every view but the designer is loaded the first time it is
// shown (screens.tsx).
import { type ReactNode, useEffect, useRef } from "react";
import { useControlEvents } from "../control/events";
import { selectDoc, useDesigner } from "../store";
import { useAppInfo } from "./appInfo";
import { useAppKeys } from "./keys";
import { useNav } from "./nav";
import { ChunkScreen, RemoteView, ScreenBoundary, shortcutsChunk } from "./screens";
import { ViewBar } from "./ViewBar";

const controlShown = () => useNav.getState().view === "control";
const openControl = () => useNav.getState().setView("control");

export function ViewShell({ designer }: { designer: ReactNode }) {
  const view = useNav((s) => s.view);
  const firstView = useAppInfo((s) => s.info?.firstView);
  const doc = useDesigner(selectDoc);

  // First view from the backend, unless one was already asked for.
  useEffect(() => {
    if (firstView === "control" && !useDesigner.getState().history) useNav.getState().startOn("control");
  }, [firstView]);

  // A design opened (file given to a second launch, dropped, recovered): show it.
  const hadDoc = useRef(false);
  useEffect(() => {
    if (doc && !hadDoc.current) useNav.getState().setView("design");
    hadDoc.current = !!doc;
  }, [doc]);

  useControlEvents(controlShown, openControl);
  useAppKeys();
  const shortcuts = useNav((s) => s.shortcuts);

  return (
    <div className="view-shell">
      <ViewBar />
      {view === "design" ? designer : <RemoteView view={view} />}
      {shortcuts && (
        <ScreenBoundary>
          <ChunkScreen of={shortcutsChunk} loading={null} />
        </ScreenBoundary>
      )}
    </div>
  );
}
