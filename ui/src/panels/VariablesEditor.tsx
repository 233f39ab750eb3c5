// Pipeline variables (V2): rows of name, default value and description. Unknown fields of each
// variable are kept.
import type { Variable } from "../backend";
import { useDraft } from "./fields";

interface Props {
  value: Variable[] | undefined;
  onChange: (variables: Variable[] | undefined) => void;
}

export function VariablesEditor({ value, onChange }: Props) {
  const vars = value ?? [];
  const set = (i: number, v: Variable) => onChange(vars.map((x, j) => (j === i ? v : x)));
  return (
    <div
      className="field conditions"
      data-testid="inspector-field-variables"
      data-field="variables"
      tabIndex={-1}
    >
      <div className="field-label">Variables</div>
      <div className="field-help">
        Pipeline-level variables (V2 pipelines), set at start; use them as #{"{"}variables.NAME{"}"}.
      </div>
      {vars.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a variable's name changes while typed
        <div className="condition" key={i}>
          <div className="field-row">
            <DraftInput
              label="Variable name"
              testId={`variable-name-${i}`}
              value={v.name}
              onChange={(name) => set(i, { ...v, name })}
            />
            <button
              type="button"
              className="icon-button"
              title="Remove variable"
              onClick={() => {
                const next = vars.filter((_, j) => j !== i);
                onChange(next.length ? next : undefined);
              }}
            >
              ✕
            </button>
          </div>
          <DraftInput
            label="Default value"
            testId={`variable-default-${i}`}
            placeholder="Default value"
            value={v.defaultValue ?? ""}
            onChange={(d) => set(i, optional({ ...v }, "defaultValue", d))}
          />
          <DraftInput
            label="Description"
            testId={`variable-description-${i}`}
            placeholder="Description"
            value={v.description ?? ""}
            onChange={(d) => set(i, optional({ ...v }, "description", d))}
          />
        </div>
      ))}
      <button
        type="button"
        className="small-button"
        data-testid="variables-add"
        onClick={() => onChange([...vars, { name: nextName(vars) }])}
      >
        + Variable
      </button>
    </div>
  );
}

function optional(v: Variable, key: "defaultValue" | "description", value: string): Variable {
  if (value === "") delete v[key];
  else v[key] = value;
  return v;
}

function nextName(vars: Variable[]): string {
  const names = new Set(vars.map((v) => v.name));
  let n = vars.length + 1;
  while (names.has(`VAR_${n}`)) n++;
  return `VAR_${n}`;
}

function DraftInput(props: {
  label: string;
  testId: string;
  value: string;
  placeholder?: string;
  onChange: (v: string) => void;
}) {
  const [draft, setDraft, focus] = useDraft(props.value);
  return (
    <input
      aria-label={props.label}
      data-testid={props.testId}
      placeholder={props.placeholder}
      value={draft}
      {...focus}
      onChange={(e) => {
        setDraft(e.target.value);
        props.onChange(e.target.value);
      }}
    />
  );
}
