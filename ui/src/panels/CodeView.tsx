// The document as text, edited both ways: model changes re-render the text (render_text); text
// edits are parsed (parse_text) and become a model edit. Invalid text shows the parser's error
// (with line and column) and leaves the canvas on the last good model.
import { useEffect, useRef, useState } from "react";
import { api, type Document, errorMessage, type Format } from "../backend";
import { useDesigner } from "../store";

const PARSE_DELAY_MS = 350;

/** The 1-based line and column a parse error message names (`line 4, column 7` or `4:7`). */
export function errorPosition(message: string): { line: number; column: number } | null {
  const words = /line (\d+)(?:,? column (\d+))?/i.exec(message);
  if (words) return { line: Number(words[1]), column: Number(words[2] ?? 1) };
  const colon = /:(\d+):(\d+)/.exec(message);
  return colon ? { line: Number(colon[1]), column: Number(colon[2]) } : null;
}

/** The character offset of a 1-based line and column in a text. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf("\n", offset);
  const lineEnd = end === -1 ? text.length : end;
  return Math.min(offset + Math.max(0, column - 1), lineEnd);
}
const RENDER_DELAY_MS = 80;

export function CodeView({ doc }: { doc: Document }) {
  const format = useDesigner((s) => s.codeFormat);
  const setCodeFormat = useDesigner((s) => s.setCodeFormat);
  const edit = useDesigner((s) => s.edit);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const fromText = useRef<Document | null>(null);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const area = useRef<HTMLTextAreaElement>(null);
  const position = error ? errorPosition(error) : null;
  const showError = () => {
    const el = area.current;
    if (!el || !position) return;
    const at = offsetOf(el.value, position.line, position.column);
    el.focus();
    el.setSelectionRange(at, at);
    // Scroll the line into view: textareas have no API for it, so go by line height.
    const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || 17;
    el.scrollTop = Math.max(0, (position.line - 3) * lineHeight);
  };

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
          // One undo step per burst of typing in one format.
          edit(() => parsed, { coalesce: `code-view:${format}` });
        })
        .catch((err) => mine === seq.current && setError(errorMessage(err)));
    }, PARSE_DELAY_MS);
  };

  const switchTo = (f: Format) => {
    fromText.current = null;
    setCodeFormat(f);
  };

  return (
    <section className="code-panel" aria-label="Code view" data-region>
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
          {position && (
            <button
              type="button"
              className="small-button"
              data-testid="code-view-show-error"
              onClick={showError}
            >
              Show line {position.line}
            </button>
          )}
        </div>
      )}
      <textarea
        ref={area}
        className="code-text"
        data-testid="code-view"
        aria-label={`The design as ${format.toUpperCase()}`}
        spellCheck={false}
        wrap="off"
        value={text}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error !== null}
      />
    </section>
  );
}
