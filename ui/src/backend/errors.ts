// Failed backend calls: the sentence to show and the error's kind. A command rejects with the
// backend's `AppError` ({ kind, message }, `kind` one of the typed `ErrorKind`s); anything else
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
