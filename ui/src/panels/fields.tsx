// Form fields of the inspector. Each keeps a draft while focused so typing is never fought by the
// model round trip (a comma list, a number being typed), and commits every change to the model.
import { type ReactNode, useEffect, useRef, useState } from "react";
import type { Diagnostic } from "../backend";
import { hasPlaceholder } from "../model/layout";

export function useDraft(
  value: string,
): [string, (v: string) => void, { onFocus: () => void; onBlur: () => void }] {
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);
  return [
    draft,
    setDraft,
    {
      onFocus: () => {
        focused.current = true;
      },
      onBlur: () => {
        focused.current = false;
        setDraft(value);
      },
    },
  ];
}

interface FieldShellProps {
  field: string;
  label: string;
  required?: boolean;
  help?: string;
  problems?: Diagnostic[];
  /** Draw the field as needing attention (a placeholder value left in it). */
  attention?: boolean;
  children: ReactNode;
}

export function FieldShell({ field, label, required, help, problems, attention, children }: FieldShellProps) {
  const worst = problems?.some((p) => p.severity === "error")
    ? "error"
    : problems?.length || attention
      ? "warning"
      : null;
  return (
    <div className={`field${worst ? ` field-${worst}` : ""}`}>
      <label className="field-label" htmlFor={`field-${field}`}>
        {label}
        {required && (
          <span className="required" title="Required">
            *
          </span>
        )}
      </label>
      {children}
      {help && <div className="field-help">{help}</div>}
      {problems?.map((p) => (
        <div key={`${p.code}-${p.pointer}-${p.message}`} className={`field-problem ${p.severity}`}>
          {p.message}
        </div>
      ))}
    </div>
  );
}

interface TextFieldProps extends Omit<FieldShellProps, "children"> {
  value: string;
  onChange: (value: string) => void;
  secret?: boolean;
  placeholder?: string;
  type?: "text" | "number";
}

export function TextField({ value, onChange, secret, placeholder, type = "text", ...shell }: TextFieldProps) {
  const [draft, setDraft, focus] = useDraft(value);
  const [reveal, setReveal] = useState(false);
  const placeholderLeft = hasPlaceholder(value);
  return (
    <FieldShell
      {...shell}
      attention={placeholderLeft}
      help={placeholderLeft ? `Replace the placeholder with a real value. ${shell.help ?? ""}` : shell.help}
    >
      <div className="field-row">
        <input
          id={`field-${shell.field}`}
          data-testid={`inspector-field-${shell.field}`}
          data-field={shell.field}
          type={secret && !reveal ? "password" : type}
          autoComplete="off"
          spellCheck={false}
          value={draft}
          placeholder={placeholder}
          aria-required={shell.required}
          {...focus}
          onChange={(e) => {
            setDraft(e.target.value);
            onChange(e.target.value);
          }}
        />
        {secret && (
          <button
            type="button"
            className="icon-button"
            onClick={() => setReveal((r) => !r)}
            title="Show or hide"
          >
            {reveal ? "Hide" : "Show"}
          </button>
        )}
      </div>
    </FieldShell>
  );
}

interface SelectFieldProps extends Omit<FieldShellProps, "children"> {
  value: string;
  choices: string[];
  onChange: (value: string) => void;
  emptyLabel?: string;
}

export function SelectField({
  value,
  choices,
  onChange,
  emptyLabel = "(not set)",
  ...shell
}: SelectFieldProps) {
  const all = value && !choices.includes(value) ? [...choices, value] : choices;
  return (
    <FieldShell {...shell}>
      <select
        id={`field-${shell.field}`}
        data-testid={`inspector-field-${shell.field}`}
        data-field={shell.field}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{emptyLabel}</option>
        {all.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

interface JsonFieldProps extends Omit<FieldShellProps, "children"> {
  value: unknown;
  /** Called with the parsed value, or `undefined` when the text is empty (remove the field). */
  onChange: (value: unknown) => void;
  placeholder?: string;
}

/** A JSON editor for structures without a dedicated form (conditions, triggers, variables). */
export function JsonField({ value, onChange, placeholder, ...shell }: JsonFieldProps) {
  const text = value === undefined || value === null ? "" : JSON.stringify(value, null, 2);
  const [draft, setDraft, focus] = useDraft(text);
  const [error, setError] = useState<string | null>(null);
  return (
    <FieldShell {...shell}>
      <textarea
        id={`field-${shell.field}`}
        data-testid={`inspector-field-${shell.field}`}
        data-field={shell.field}
        className="json-field"
        spellCheck={false}
        rows={Math.min(10, Math.max(3, draft.split("\n").length))}
        value={draft}
        placeholder={placeholder}
        {...focus}
        onChange={(e) => {
          const t = e.target.value;
          setDraft(t);
          if (t.trim() === "") {
            setError(null);
            onChange(undefined);
            return;
          }
          try {
            const parsed = JSON.parse(t);
            setError(null);
            onChange(parsed);
          } catch (err) {
            setError(`Not valid JSON yet: ${(err as Error).message}. The model keeps the last valid value.`);
          }
        }}
      />
      {error && <div className="field-problem error">{error}</div>}
    </FieldShell>
  );
}
