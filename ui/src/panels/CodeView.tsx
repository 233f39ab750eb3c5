// The document as text, edited both ways: model changes re-render the text (render_text); text
// edits are parsed (parse_text) and become a model edit. Invalid text shows the parser's error
// (with line and column) and leaves the canvas on the last good model.
import { useEffect, useRef, useState } from "react";
import { api, type Document, errorMessage, type Format } from "../backend";
import { useDesigner } from "../store";

const PARSE_DELAY_MS = 350;
const RENDER_DELAY_MS = 80;

export function CodeView({ doc }: { doc: Document }) {
  const format = useDesigner((s) => s.codeFormat);
  const set = useDesigner((s) => s.set);
  const edit = useDesigner((s) => s.edit);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const fromText = useRef<Document | null>(null);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (doc === fromText.current) return;
    let live = true;
    // A short delay coalesces a burst of edits (typing in the inspector) into one render.
    const t = setTimeout(() => {
      api
        .renderText(doc, format)
        .then((text) => {
          if (!live) return;
          setText(text);
          setError(null);
        })
        .catch((err) => live && setError(`Could not show the document as text: ${errorMessage(err)}`));
    }, RENDER_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [doc, format]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const onChange = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    const mine = ++seq.current;
    timer.current = setTimeout(() => {
      api
        .parseText(value, format)
        .then((parsed) => {
          if (mine !== seq.current) return;
          fromText.current = parsed;
          setError(null);
          edit(() => parsed, { coalesce: "code-view" });
        })
        .catch((err) => mine === seq.current && setError(errorMessage(err)));
    }, PARSE_DELAY_MS);
  };

  const switchTo = (f: Format) => {
    fromText.current = null;
    set({ codeFormat: f });
  };

  return (
    <section className="code-panel" aria-label="Code view">
      <div className="panel-title">
        Code
        <span className="segmented">
          {(["json", "yaml"] as const).map((f) => (
            <button
              type="button"
              key={f}
              className={f === format ? "active" : ""}
              data-testid={`code-format-${f}`}
              onClick={() => switchTo(f)}
            >
              {f.toUpperCase()}
            </button>
          ))}
        </span>
      </div>
      {error && (
        <div className="panel-error code-error" data-testid="code-view-error" role="alert">
          {error}
          <div className="muted">The canvas keeps the last valid version until the text parses again.</div>
        </div>
      )}
      <textarea
        className="code-text"
        data-testid="code-view"
        spellCheck={false}
        wrap="off"
        value={text}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error !== null}
      />
    </section>
  );
}
