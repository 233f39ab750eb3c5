// What the backend tells the UI without being asked: the generated, typed events (never a raw
// event name) and the files dropped on the window. Each returns a promise of its unsubscribe.
import { emit } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";

export {
  onActiveConnection,
  onControlBadge,
  onControlChanged,
  onControlOpen,
  onOpenFile,
  onSignIn,
  onSignInRequested,
  onSyncProgress,
  onUpdateAvailable,
} from "../bindings/commands";

/** Emitted once the update prompt listens for `update-available` (src-tauri/src/updater.rs). */
export const UPDATE_PROMPT_READY = "update-prompt-ready";

/** Tells the backend that the update prompt listens: it then checks for an update. */
export function updatePromptReady(): Promise<void> {
  return emit(UPDATE_PROMPT_READY);
}

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
