// The update prompt ("Update available: version, notes, Install and restart") and the About box
// (what runs, and "Check for updates"). The logic is in updates.ts.
import { useEffect } from "react";
import { useAppInfo } from "./appInfo";
import { Dialog } from "./Dialog";
import "./updates.css";
import { checkNow, closeAbout, dismiss, install, listenForUpdates, openAbout, useUpdates } from "./updates";

/** Shown when a newer version is offered; mounted once, beside the views. */
export function UpdatePrompt() {
  const offered = useUpdates((s) => s.offered);
  const state = useUpdates((s) => s.install);
  const error = useUpdates((s) => s.error);
  const current = useAppInfo((s) => s.info?.version);

  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let live = true;
    listenForUpdates()
      .then((u) => {
        if (live) unlisten = u;
        else u();
      })
      .catch(() => undefined); // Not inside Tauri (plain browser): no updates.
    return () => {
      live = false;
      unlisten?.();
    };
  }, []);

  if (!offered) return null;
  const installing = state === "installing";
  return (
    <section
      className="update-prompt"
      role="dialog"
      aria-label="Update available"
      data-testid="update-prompt"
    >
      <div className="update-title" data-testid="update-version">
        Update available: Pipewright {offered.version}
        {current ? <span className="muted"> (you have {current})</span> : null}
      </div>
      {offered.notes ? (
        <pre className="update-notes" data-testid="update-notes">
          {offered.notes}
        </pre>
      ) : null}
      {installing ? (
        <p role="status" data-testid="update-status">
          Downloading, checking its signature and installing Pipewright {offered.version}… The app restarts
          when it is done.
        </p>
      ) : null}
      {error ? (
        <p className="update-error" role="alert" data-testid="update-error">
          {error}
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" data-testid="update-later" disabled={installing} onClick={dismiss}>
          {error ? "Close" : "Later"}
        </button>
        {!error ? (
          <button
            type="button"
            className="primary"
            data-testid="update-install"
            disabled={installing}
            onClick={() => void install()}
          >
            Install and restart
          </button>
        ) : null}
      </div>
    </section>
  );
}

/** The About button (in the view bar) and its box. */
export function AboutButton() {
  const about = useUpdates((s) => s.about);
  const checking = useUpdates((s) => s.checking);
  const result = useUpdates((s) => s.checkResult);
  return (
    <>
      <button
        type="button"
        className="about-button"
        data-testid="about-open"
        onClick={() => void openAbout()}
      >
        About
      </button>
      {about ? (
        <Dialog
          title="About Pipewright"
          onClose={closeAbout}
          className="about-dialog"
          testId="about-dialog"
          closeOnOutsideClick
        >
          <p className="about-version" data-testid="about-version">
            Pipewright {about.version}
          </p>
          <p className="muted">Design AWS CodePipeline pipelines and run releases from your desktop.</p>
          <dl className="about-facts">
            <dt>Build</dt>
            <dd data-testid="about-build">{about.build}</dd>
            <dt>Platform</dt>
            <dd>{about.platform}</dd>
            <dt>Installed from</dt>
            <dd data-testid="about-installed-from">{about.installedFrom ?? "not a package"}</dd>
            <dt>Web view</dt>
            <dd>{about.webview ?? "unknown"}</dd>
            <dt>Updates</dt>
            <dd data-testid="about-updates">
              {about.updateEndpoint ? `signed, from ${about.updateEndpoint}` : "off in this build"}
            </dd>
          </dl>
          {result ? (
            <p role="status" data-testid="about-check-result">
              {result}
            </p>
          ) : null}
          <div className="modal-actions">
            <button
              type="button"
              data-testid="about-check"
              disabled={checking || !about.updateEndpoint}
              onClick={() => void checkNow()}
            >
              {checking ? "Checking…" : "Check for updates"}
            </button>
            <button type="button" className="primary" data-testid="about-close" onClick={closeAbout}>
              Close
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
