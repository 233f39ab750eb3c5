// Failed backend calls: the sentence to show, the error's kind and its technical details. A command
// rejects with the backend's `AppError` ({ kind, message, details? }, `kind` one of the typed
// `ErrorKind`s, `details` the SDK's or a process's own words for "Copy details"); anything else
// thrown is worded here.
import type { ErrorKind } from "../bindings/types";

export { isAppError } from "../bindings/commands";

/** The sentence to show for a failed backend call (an AppError, or anything else thrown). */
export function errorMessage(err: unknown): string {
  if (err && typeof err === "object" && "message" in err && typeof err.message === "string") {
    return err.message;
  }
  if (typeof err === "string") return err;
  return "Something went wrong talking to the Pipewright backend. Restart the app and try again.";
}

/** The AppError kind, when the error is one. */
export function errorKind(err: unknown): ErrorKind | null {
  if (err && typeof err === "object" && "kind" in err && typeof err.kind === "string")
    return err.kind as ErrorKind;
  return null;
}

/**
 * The technical account behind the sentence (the SDK's error, a process's exit status), for a
 * "Copy details" control; null when the sentence says it all.
 */
export function errorDetails(err: unknown): string | null {
  if (err && typeof err === "object" && "details" in err && typeof err.details === "string" && err.details)
    return err.details;
  if (err instanceof Error && err.stack) return err.stack;
  return null;
}
