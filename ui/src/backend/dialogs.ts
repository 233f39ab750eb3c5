// The operating system's file dialogs (Tauri's dialog plugin, answered by Rust).
import { open, save } from "@tauri-apps/plugin-dialog";

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** One existing file to open, or null when the user cancels. */
export async function pickFile(filters: FileFilter[]): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters });
  return typeof picked === "string" ? picked : null;
}

/** A folder, or null when the user cancels. */
export async function pickFolder(title: string): Promise<string | null> {
  const picked = await open({ directory: true, multiple: false, title });
  return typeof picked === "string" ? picked : null;
}

/** A path to save to, or null when the user cancels. */
export async function pickSavePath(options: {
  title?: string;
  defaultPath: string;
  filters: FileFilter[];
}): Promise<string | null> {
  return (await save(options)) ?? null;
}
