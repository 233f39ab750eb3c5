// "Sign in" of an SSO connection (IAM Identity Center): the dialog's states, from the request to
// the end (signed in, failed, cancelled), driven by the backend's answer and its `sign-in` events;
// the time left on a code or a session. A connection whose MFA session ended signs in again with
// a new code from its device instead ("Sign in again" says which: `requestSignIn`). The dialog
// itself is SignInDialog.tsx; the backend runs the device flow and the MFA session
// (crates/app/src/sign_in.rs).
import { create } from "zustand";
import {
  api,
  errorMessage,
  type SessionStatus,
  type SignInEvent,
  type SignInRequestEvent,
  type SignInWaiting,
} from "../backend";

/** What the sign-in dialog shows. */
export type SignInView =
  | { step: "closed" }
  | { step: "starting"; connection: string }
  | { step: "waiting"; connection: string; waiting: SignInWaiting }
  | { step: "signedIn"; connection: string; session: SessionStatus }
  | { step: "failed"; connection: string; message: string }
  | { step: "cancelled"; connection: string }
  /** A new MFA code is asked for (`error`: why the last one was not taken). */
  | { step: "mfaCode"; connection: string; error: string | null }
  | { step: "mfaChecking"; connection: string }
  | { step: "mfaSignedIn"; connection: string; session: SessionStatus };

export type SignInAction =
  | { type: "start"; connection: string }
  | { type: "started"; waiting: SignInWaiting }
  | { type: "startFailed"; message: string }
  | { type: "event"; event: SignInEvent }
  | { type: "askMfaCode"; connection: string }
  | { type: "mfaSent" }
  | { type: "mfaSignedIn"; session: SessionStatus }
  | { type: "mfaFailed"; message: string }
  | { type: "close" };

/** The connection (name or id) the dialog is about, if open. */
function about(view: SignInView): string | null {
  return view.step === "closed" ? null : view.connection;
}

/** Whether `event` is about the connection `connection` (its name or id). */
function isFor(connection: string, event: { connectionId: string; connection: string }): boolean {
  return connection === event.connectionId || connection === event.connection;
}

/** The next view (pure). Events of another connection, or after the dialog closed, are ignored. */
export function signInStep(view: SignInView, action: SignInAction): SignInView {
  switch (action.type) {
    case "start":
      return { step: "starting", connection: action.connection };
    case "close":
      return { step: "closed" };
    case "askMfaCode":
      return { step: "mfaCode", connection: action.connection, error: null };
    case "mfaSent":
      return view.step === "mfaCode" ? { step: "mfaChecking", connection: view.connection } : view;
    case "mfaSignedIn":
      return view.step === "mfaChecking"
        ? { step: "mfaSignedIn", connection: view.connection, session: action.session }
        : view;
    case "mfaFailed":
      return view.step === "mfaChecking"
        ? { step: "mfaCode", connection: view.connection, error: action.message }
        : view;
    case "started": {
      const c = about(view);
      if (view.step !== "starting" || c === null || !isFor(c, action.waiting)) return view;
      return { step: "waiting", connection: c, waiting: action.waiting };
    }
    case "startFailed":
      return view.step === "starting"
        ? { step: "failed", connection: view.connection, message: action.message }
        : view;
    case "event": {
      const c = about(view);
      const e = action.event;
      if (c === null || !isFor(c, e)) return view;
      switch (e.state.state) {
        case "waiting":
          // The answer to our own request may come after its event: either is the same code.
          if (view.step !== "starting" && view.step !== "waiting") return view;
          return { step: "waiting", connection: c, waiting: e.state };
        case "signedIn":
          return view.step === "waiting" || view.step === "starting"
            ? { step: "signedIn", connection: c, session: e.state.session }
            : view;
        case "failed":
          return view.step === "waiting" || view.step === "starting"
            ? { step: "failed", connection: c, message: e.state.message }
            : view;
        case "cancelled":
          return view.step === "waiting" || view.step === "starting"
            ? { step: "cancelled", connection: c }
            : view;
      }
      return view;
    }
  }
}

/** "9 min 58 s", "1 h 5 min", "40 s": the time from `nowMs` to `endMs`; "0 s" once past. */
export function timeLeft(endMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((endMs - nowMs) / 1000));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

/** A session that ends within this is said to end soon (and offers "Sign in" ahead of it). */
export const SOON_MS = 60 * 60 * 1000;

/** How a connection's SSO session stands at `nowMs`, for its row. */
export function sessionNote(
  session: SessionStatus,
  nowMs: number,
): { tone: "ok" | "soon" | "expired"; text: string } {
  const end = session.expiresAtMs;
  if (end === null) return { tone: "expired", text: "SSO: not signed in" };
  if (session.expired || end <= nowMs) return { tone: "expired", text: "SSO session expired: sign in again" };
  const left = timeLeft(end, nowMs);
  return end - nowMs <= SOON_MS
    ? { tone: "soon", text: `SSO session ends in ${left}: sign in again ahead of it` }
    : { tone: "ok", text: `SSO session: ${left} left` };
}

interface SignInStore {
  view: SignInView;
  dispatch: (action: SignInAction) => void;
}

export const useSignIn = create<SignInStore>()((set) => ({
  view: { step: "closed" },
  dispatch: (action) => set((s) => ({ view: signInStep(s.view, action) })),
}));

const dispatch = (action: SignInAction) => useSignIn.getState().dispatch(action);

/** Opens the dialog and starts the sign-in of `connection` (its name or id). */
export async function startSignIn(connection: string): Promise<void> {
  dispatch({ type: "start", connection });
  try {
    dispatch({ type: "started", waiting: await api.signInConnection(connection) });
  } catch (e) {
    dispatch({ type: "startFailed", message: errorMessage(e) });
  }
}

/**
 * "Sign in again" (a notification's button): the sign-in the connection needs. An SSO connection
 * starts the device flow; a connection whose MFA session ended asks for a new code (nothing is
 * sent until the user enters it).
 */
export function requestSignIn(request: SignInRequestEvent): Promise<void> {
  if (request.method === "mfa") {
    dispatch({ type: "askMfaCode", connection: request.connection });
    return Promise.resolve();
  }
  return startSignIn(request.connection);
}

/** Signs the dialog's MFA connection in again with `code` (a new MFA session). */
export async function submitMfaCode(code: string): Promise<void> {
  const view = useSignIn.getState().view;
  if (view.step !== "mfaCode") return;
  dispatch({ type: "mfaSent" });
  try {
    dispatch({ type: "mfaSignedIn", session: (await api.signInMfa(view.connection, code)).session });
  } catch (e) {
    dispatch({ type: "mfaFailed", message: errorMessage(e) });
  }
}

/** Stops the running sign-in (the dialog then says it was cancelled). */
export async function cancelSignIn(): Promise<void> {
  const view = useSignIn.getState().view;
  if (view.step !== "waiting" && view.step !== "starting") return;
  const id = view.step === "waiting" ? view.waiting.connectionId : view.connection;
  try {
    const stopped = await api.cancelSignIn(id);
    if (!stopped) dispatch({ type: "close" });
  } catch (e) {
    dispatch({ type: "startFailed", message: errorMessage(e) });
  }
}

export function closeSignIn(): void {
  dispatch({ type: "close" });
}

/** Feeds a backend `sign-in` event to the dialog. */
export function onSignInEvent(event: SignInEvent): void {
  dispatch({ type: "event", event });
}
