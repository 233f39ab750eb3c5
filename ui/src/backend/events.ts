// What the backend tells the UI without being asked: the generated, typed events (never a raw
// event name) and the files dropped on the window. Each returns a promise of its unsubscribe.
import { getCurrentWebview } from "@tauri-apps/api/webview";

export {
  onActiveConnection,
  onControlBadge,
  onControlChanged,
  onControlOpen,
  onOpenFile,
  onSyncProgress,
} from "../bindings/commands";

/** Files dropped onto the window (their paths). Outside a Tauri webview nothing is ever dropped. */
export function onFileDrop(handler: (paths: string[]) => void): Promise<() => void> {
  try {
    return getCurrentWebview().onDragDropEvent((e) => {
      if (e.payload.type === "drop" && e.payload.paths.length > 0) handler(e.payload.paths);
    });
  } catch {
    // Not inside a Tauri webview (a plain browser): no file drops.
    return Promise.resolve(() => undefined);
  }
}
