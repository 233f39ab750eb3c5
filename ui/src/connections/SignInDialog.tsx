// The sign-in dialog of an SSO connection: the code to confirm, the page to confirm it on (opened
// in the browser by the backend, or a button to open it), the time left on the code, Cancel, and
// how it ended. Mounted once beside the views; opened by "Sign in" on a connection, "Sign in
// again" in the control room, and the notification's "Sign in again" (`sign-in-requested`),
// which for a connection whose MFA session ended asks for a new MFA code instead.
import { useEffect, useState } from "react";
import { api, events } from "../backend";
import { Dialog } from "../shell/Dialog";
import { useNav } from "../shell/nav";
import {
  cancelSignIn,
  closeSignIn,
  onSignInEvent,
  requestSignIn,
  startSignIn,
  submitMfaCode,
  timeLeft,
  useSignIn,
} from "./signIn";

/** Listens for the backend's sign-in events and for "Sign in again" on a notification. */
function useSignInEvents(): void {
  useEffect(() => {
    const unlisten: Promise<() => void>[] = [];
    const safe = (p: () => Promise<() => void>) => {
      try {
        unlisten.push(p().catch(() => () => undefined));
      } catch {
        // Not inside Tauri (plain browser): no backend events.
      }
    };
    safe(() => events.onSignIn(onSignInEvent));
    safe(() =>
      events.onSignInRequested((e) => {
        useNav.getState().setView("settings");
        void requestSignIn(e);
      }),
    );
    return () => {
      for (const u of unlisten) u.then((f) => f()).catch(() => undefined);
    };
  }, []);
}

/** Now, every second while `on`. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

/** The MFA connection's new code, sent when the user submits it. */
function MfaCodeForm({ error, checking }: { error: string | null; checking: boolean }) {
  const [code, setCode] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submitMfaCode(code);
      }}
    >
      <p>The MFA session of this connection ended. Enter the code your MFA device shows now:</p>
      <label>
        MFA code{" "}
        <input
          data-testid="sign-in-mfa-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          disabled={checking}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>{" "}
      <button type="submit" data-testid="sign-in-mfa-submit" disabled={checking || code.trim() === ""}>
        Sign in
      </button>
      {checking && (
        <p role="status" data-testid="sign-in-status">
          Asking AWS for a new session…
        </p>
      )}
      {error && (
        <p role="alert" className="settings-error" data-testid="sign-in-status">
          {error}
        </p>
      )}
    </form>
  );
}

export function SignInDialog() {
  useSignInEvents();
  const view = useSignIn((s) => s.view);
  const now = useNow(view.step === "waiting");
  if (view.step === "closed") return null;
  if (view.step === "mfaCode" || view.step === "mfaChecking" || view.step === "mfaSignedIn") {
    return (
      <Dialog title={`Sign in: ${view.connection}`} onClose={closeSignIn} testId="sign-in-dialog">
        {view.step === "mfaSignedIn" ? (
          <p role="status" data-testid="sign-in-status">
            Signed in: the new MFA session has {view.session.label}, and watching resumes.
          </p>
        ) : (
          <MfaCodeForm
            error={view.step === "mfaCode" ? view.error : null}
            checking={view.step === "mfaChecking"}
          />
        )}
        <div className="modal-actions">
          <button type="button" data-testid="sign-in-close" onClick={closeSignIn}>
            {view.step === "mfaSignedIn" ? "Close" : "Cancel"}
          </button>
        </div>
      </Dialog>
    );
  }
  const running = view.step === "starting" || view.step === "waiting";
  return (
    <Dialog
      title={`Sign in: ${view.step === "waiting" ? view.waiting.connection : view.connection}`}
      onClose={() => (running ? void cancelSignIn() : closeSignIn())}
      testId="sign-in-dialog"
    >
      {view.step === "starting" && (
        <p role="status" data-testid="sign-in-status">
          Asking IAM Identity Center for a sign-in code…
        </p>
      )}
      {view.step === "waiting" && (
        <>
          <p>
            {view.waiting.opened
              ? "The sign-in page is open in your browser. Check that it shows this code, then approve it:"
              : "Open the sign-in page in a browser, check that it shows this code, then approve it:"}
          </p>
          <p className="sign-in-code" data-testid="sign-in-code">
            {view.waiting.userCode}
          </p>
          <p className="small">
            <a
              href={view.waiting.verificationUrl}
              data-testid="sign-in-url"
              onClick={(e) => {
                e.preventDefault();
                void api.controlOpenLink(view.waiting.verificationUrl).catch(() => undefined);
              }}
            >
              {view.waiting.verificationUrl}
            </a>
          </p>
          <p role="status" className="muted" data-testid="sign-in-status">
            Waiting for the approval… the code expires in {timeLeft(view.waiting.expiresAtMs, now)}.
          </p>
        </>
      )}
      {view.step === "signedIn" && (
        <p role="status" data-testid="sign-in-status">
          Signed in: the session has {view.session.label}. The AWS CLI shares it, and watching resumes.
        </p>
      )}
      {view.step === "failed" && (
        <p role="alert" className="settings-error" data-testid="sign-in-status">
          {view.message}
        </p>
      )}
      {view.step === "cancelled" && (
        <p role="status" data-testid="sign-in-status">
          Sign-in cancelled.
        </p>
      )}
      <div className="modal-actions">
        {running ? (
          <button type="button" data-testid="sign-in-cancel" onClick={() => void cancelSignIn()}>
            Cancel
          </button>
        ) : (
          <>
            {(view.step === "failed" || view.step === "cancelled") && (
              <button
                type="button"
                data-testid="sign-in-retry"
                onClick={() => void startSignIn(view.connection)}
              >
                Try again
              </button>
            )}
            <button type="button" data-testid="sign-in-close" onClick={closeSignIn}>
              Close
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}
