// The designer area with its two remote companions: the sync review screen and the connection
// settings, switched from the bar on top (which also switches connection and region).
import type { ReactNode } from "react";
import { SyncView } from "../sync/SyncView";
import { ConnectionsView } from "./ConnectionsView";
import { useNav } from "./nav";
import { ViewBar } from "./ViewBar";

export function RemoteViews({ designer }: { designer: ReactNode }) {
  const view = useNav((s) => s.view);
  return (
    <div className="remote-views">
      <ViewBar />
      {view === "design" ? designer : view === "sync" ? <SyncView /> : <ConnectionsView />}
    </div>
  );
}
