// "Copy details": the technical rest of an error (the SDK's account, a process's exit status) that
// the one-sentence message leaves out, put on the clipboard for a bug report. When the clipboard
// refuses, the details show in place so they can be selected by hand.
import { useState } from "react";

export function CopyDetails({ details }: { details: string | null | undefined }) {
  const [state, setState] = useState<"idle" | "copied" | "shown">("idle");
  if (!details) return null;
  const copy = () => {
    const clipboard = typeof navigator === "undefined" ? undefined : navigator.clipboard;
    if (!clipboard) {
      setState("shown");
      return;
    }
    clipboard.writeText(details).then(
      () => setState("copied"),
      () => setState("shown"),
    );
  };
  return (
    <span className="copy-details">
      <button
        type="button"
        className="link-button small"
        data-testid="copy-details"
        title="Copy the technical details of this error"
        onClick={copy}
      >
        {state === "copied" ? "Details copied" : "Copy details"}
      </button>
      {state === "shown" && (
        <pre className="copy-details-text" data-testid="error-details">
          {details}
        </pre>
      )}
    </span>
  );
}
