// What the Sync view plans: a folder of designs or the open design. The choice outlives the view
// (it is not state of the screen) and is kept in the webview's storage, so it also survives a
// restart; one store, named actions.
import { create } from "zustand";
import { parseSourceChoice, type SourceChoice } from "./logic";

const KEY = "pipewright.sync.source";

function read(): SourceChoice {
  try {
    return parseSourceChoice(globalThis.localStorage?.getItem(KEY) ?? null);
  } catch {
    return { folder: null, source: null };
  }
}

function write(choice: SourceChoice) {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(choice));
  } catch {
    // Private mode or no storage: the choice lasts for this session only.
  }
}

interface SyncSourceState extends SourceChoice {
  /** A folder was chosen in the dialog: plan it. */
  chooseFolder: (folder: string) => void;
  /** Plan the folder (`folder`) or the open design (`open`). */
  choose: (source: "folder" | "open") => void;
  /** Read the stored choice again (a test starts over). */
  reload: () => void;
}

export const useSyncSource = create<SyncSourceState>((set, get) => {
  const save = (next: SourceChoice) => {
    set(next);
    write(next);
  };
  return {
    ...read(),
    chooseFolder: (folder) => save({ folder, source: "folder" }),
    choose: (source) => save({ folder: get().folder, source }),
    reload: () => set(read()),
  };
});
