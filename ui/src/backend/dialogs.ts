// The operating system's file dialogs, opened by Rust (commands pick_file, pick_folder,
// pick_save_path) so that Rust records what the user chose: the file commands write only there,
// or to a recent file. A path typed anywhere else in the UI is not a choice.
import {
  pickFile as pickFileCommand,
  pickFolder as pickFolderCommand,
  pickSavePath as pickSaveCommand,
} from "../bindings/commands";

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** One existing file to open, or null when the user cancels. */
export async function pickFile(filters: FileFilter[]): Promise<string | null> {
  return (await pickFileCommand(filters)) ?? null;
}

/** A folder, or null when the user cancels. */
export async function pickFolder(title: string): Promise<string | null> {
  return (await pickFolderCommand(title)) ?? null;
}

/** A path to save to, or null when the user cancels. */
export async function pickSavePath(options: {
  title?: string;
  defaultPath: string;
  filters: FileFilter[];
}): Promise<string | null> {
  return (await pickSaveCommand(options.title ?? null, options.defaultPath, options.filters)) ?? null;
}
