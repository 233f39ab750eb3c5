// The screens beside the designer, one per tab of the bar: the sync review, the connection
// settings and the control room. Each is its own chunk (chunks.ts), loaded the first time its tab
// is opened, so a start on the designer parses none of them.
import { Component, type ComponentType, type ReactNode } from "react";
import { type Chunk, chunk, useChunk } from "./chunks";
import type { View } from "./nav";

const SCREENS: Record<Exclude<View, "design">, Chunk<ComponentType>> = {
  sync: chunk(() => import("../sync/SyncView").then((m) => m.SyncView)),
  settings: chunk(() => import("../connections/ConnectionsView").then((m) => m.ConnectionsView)),
  control: chunk(() => import("../control/ControlRoom").then((m) => m.ControlRoom)),
};

/** The list of keyboard shortcuts (`?`): loaded the first time it is asked for. */
export const shortcutsChunk: Chunk<ComponentType> = chunk(() =>
  import("./ShortcutsDialog").then((m) => m.ShortcutsDialog),
);

/** A screen that failed to render (or to load) says so instead of blanking the window. */
export class ScreenBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
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

/** What shows for the moment a screen's chunk takes to load. */
export function ScreenLoading() {
  return <div className="screen-loading" data-testid="screen-loading" />;
}

/** A screen from its chunk, with `loading` (by default the loading state) while it loads. */
export function ChunkScreen({ of, loading }: { of: Chunk<ComponentType>; loading?: ReactNode }) {
  const Screen = useChunk(of);
  if (Screen) return <Screen />;
  return loading === undefined ? <ScreenLoading /> : loading;
}

/** The sync review, the connection settings or the control room. */
export function RemoteView({ view }: { view: Exclude<View, "design"> }) {
  return (
    <ScreenBoundary key={view}>
      <ChunkScreen of={SCREENS[view]} />
    </ScreenBoundary>
  );
}
