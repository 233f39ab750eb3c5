// The designer area with its two remote companions: the sync review screen and the connection
// settings, switched from the bar on top (which also switches connection and region).
import { Component, type ReactNode } from "react";
import { SyncView } from "../sync/SyncView";
import { ConnectionsView } from "./ConnectionsView";
import { useNav } from "./nav";
import { ViewBar } from "./ViewBar";

/** A screen that failed to render says so instead of blanking the window. */
class ScreenBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  render() {
    if (this.state.error === null) return this.props.children;
    return (
      <section className="settings" role="alert" data-testid="screen-error">
        <h2>This screen could not be shown</h2>
        <p className="settings-error">{this.state.error}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </section>
    );
  }
}

export function RemoteViews({ designer }: { designer: ReactNode }) {
  const view = useNav((s) => s.view);
  return (
    <div className="remote-views">
      <ViewBar />
      {view === "design" ? (
        designer
      ) : (
        <ScreenBoundary key={view}>{view === "sync" ? <SyncView /> : <ConnectionsView />}</ScreenBoundary>
      )}
    </div>
  );
}
