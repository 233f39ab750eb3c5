// Updates and the About box, apart from the rest of the UI: the backend checks for an update once
// the prompt listens (it emits `update-prompt-ready`), and announces a newer version with
// `update-available`; the About box checks on request. Nothing installs until the user chooses
// "Install and restart" (src-tauri/src/updater.rs).
import { create } from "zustand";
import { type AboutInfo, type AvailableUpdate, api, errorMessage, events } from "../backend";

export type InstallState = "idle" | "installing" | "failed";

interface UpdatesState {
  /** The newer version offered, while the prompt shows. */
  offered: AvailableUpdate | null;
  install: InstallState;
  /** Why the last install or check failed (one sentence from the backend). */
  error: string | null;
  /** The About box, while it is open. */
  about: AboutInfo | null;
  /** What the About box's last "Check for updates" found, in words. */
  checkResult: string | null;
  checking: boolean;
}

export const useUpdates = create<UpdatesState>(() => ({
  offered: null,
  install: "idle",
  error: null,
  about: null,
  checkResult: null,
  checking: false,
}));

/** Show the prompt for `update`. */
export function offer(update: AvailableUpdate): void {
  useUpdates.setState({ offered: update, install: "idle", error: null });
}

/** "Later": hide the prompt; the next start (or "Check for updates") offers it again. */
export function dismiss(): void {
  useUpdates.setState({ offered: null, install: "idle", error: null });
}

/**
 * "Install and restart": the backend downloads the update, verifies its signature, installs it
 * and restarts into it. It answers only when something failed; this version then still runs.
 */
export async function install(): Promise<void> {
  useUpdates.setState({ install: "installing", error: null });
  try {
    await api.updateInstall();
  } catch (err) {
    useUpdates.setState({ install: "failed", error: errorMessage(err) });
  }
}

/** Listen for the backend's announcement, then tell it the prompt is ready. */
export async function listenForUpdates(): Promise<() => void> {
  const unlisten = await events.onUpdateAvailable(offer);
  await events.updatePromptReady().catch(() => undefined);
  return unlisten;
}

export async function openAbout(): Promise<void> {
  try {
    useUpdates.setState({ about: await api.aboutInfo(), checkResult: null });
  } catch (err) {
    useUpdates.setState({ checkResult: errorMessage(err) });
  }
}

export function closeAbout(): void {
  useUpdates.setState({ about: null, checkResult: null });
}

/** The About box's "Check for updates": offers a newer version, or says there is none. */
export async function checkNow(): Promise<void> {
  useUpdates.setState({ checking: true, checkResult: null });
  try {
    const check = await api.updateCheck();
    if (!check.enabled) {
      useUpdates.setState({ checkResult: "This build does not look for updates." });
    } else if (check.update) {
      useUpdates.setState({ checkResult: `Pipewright ${check.update.version} is available.` });
      offer(check.update);
    } else {
      useUpdates.setState({ checkResult: `Pipewright ${check.currentVersion} is the latest version.` });
    }
  } catch (err) {
    useUpdates.setState({ checkResult: errorMessage(err) });
  } finally {
    useUpdates.setState({ checking: false });
  }
}
