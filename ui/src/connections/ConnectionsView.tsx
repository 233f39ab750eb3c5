// Settings > Connections: the saved connections (never a secret), add / edit / delete, rotate
// keys, "Test connection" in plain words, and which connection and region are active.
import { type ReactNode, useCallback, useEffect, useId, useState } from "react";
import {
  type AwsProfileInfo,
  api,
  type Connection,
  type ConnectionSession,
  type ConnectionsOverview,
  errorDetails,
  errorKind,
  errorMessage,
} from "../backend";
import { CopyDetails } from "../shell/CopyDetails";
import { useConnection } from "./active";
import {
  type ConnectionForm,
  checkForm,
  connectOptions,
  describe,
  emptyForm,
  endpointNote,
  formFromConnection,
  KIND_LABELS,
  kindsOffered,
  profileLabel,
  regionChoices,
  toEdit,
  toNewConnection,
  toSecretInput,
  withoutSecrets,
} from "./form";
import { sessionNote, startSignIn, useSignIn } from "./signIn";

type RowStatus = { kind: "ok" | "error" | "busy"; text: string; details?: string | null };

export function ConnectionsView() {
  const [overview, setOverview] = useState<ConnectionsOverview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<ConnectionForm | null>(null);
  const [rotating, setRotating] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [status, setStatus] = useState<Record<string, RowStatus>>({});
  const [mfaFor, setMfaFor] = useState<{ id: string; retry: "test" | "use" } | null>(null);
  const [sessions, setSessions] = useState<Record<string, ConnectionSession["session"]>>({});
  const active = useConnection((s) => s.active);
  // A sign-in that ended: the sessions' time left changed.
  const signInStep = useSignIn((s) => s.view.step);

  const refresh = useCallback(() => {
    api
      .listConnections()
      .then((o) => {
        setOverview(o);
        setLoadError(null);
      })
      .catch((e) => setLoadError(errorMessage(e)));
    api
      .connectionSessions()
      .then((list) => setSessions(Object.fromEntries(list.map((s) => [s.connectionId, s.session]))))
      .catch(() => setSessions({}));
  }, []);
  useEffect(() => {
    if (signInStep === "signedIn") refresh();
  }, [refresh, signInStep]);
  // Again whenever the active connection or region changes (the quick switch, another window).
  const activeKey = `${active?.id ?? ""}|${active?.region ?? ""}`;
  useEffect(() => {
    if (activeKey) refresh();
  }, [refresh, activeKey]);

  const setRow = (id: string, s: RowStatus | null) =>
    setStatus((prev) => {
      const next = { ...prev };
      if (s) next[id] = s;
      else delete next[id];
      return next;
    });

  const onTest = (c: Connection, mfa = "") => {
    setRow(c.id, { kind: "busy", text: "Testing…" });
    api
      .testConnection(c.id, connectOptions(mfa))
      .then((r) => setRow(c.id, { kind: "ok", text: r.message }))
      .catch((e) => {
        if (errorKind(e) === "mfa-code-required") setMfaFor({ id: c.id, retry: "test" });
        setRow(c.id, { kind: "error", text: errorMessage(e), details: errorDetails(e) });
      });
  };
  const onUse = (c: Connection, mfa = "") => {
    setRow(c.id, { kind: "busy", text: "Connecting…" });
    api
      .activateConnection(c.id, connectOptions(mfa))
      .then((a) => {
        useConnection.getState().setActive(a);
        setRow(c.id, { kind: "ok", text: `Now using ${a.title}.` });
      })
      .catch((e) => {
        if (errorKind(e) === "mfa-code-required") setMfaFor({ id: c.id, retry: "use" });
        setRow(c.id, { kind: "error", text: errorMessage(e), details: errorDetails(e) });
      });
  };
  const onDelete = (c: Connection) => {
    api
      .removeConnection(c.id)
      .then(() => {
        setDeleting(null);
        setRow(c.id, null);
        if (useConnection.getState().active?.id === c.id) useConnection.getState().setActive(null);
        refresh();
      })
      .catch((e) => setRow(c.id, { kind: "error", text: errorMessage(e), details: errorDetails(e) }));
  };

  const keyringProblem = overview?.keyringProblem ?? null;
  return (
    <main className="settings" data-testid="connections-view" data-region>
      <header className="settings-head">
        <h2>Connections</h2>
        <button
          type="button"
          data-testid="connection-add"
          onClick={() => setForm(emptyForm(keyringProblem))}
          disabled={form !== null}
        >
          + Add connection
        </button>
      </header>
      {loadError && (
        <p className="settings-error" role="alert">
          {loadError}
        </p>
      )}
      {keyringProblem && (
        <p className="settings-warning" data-testid="keyring-problem" role="status">
          {keyringProblem} Access keys cannot be saved on this computer; AWS profiles, the environment and the
          local sandbox still work.
        </p>
      )}
      {form && overview && (
        <ConnectionEditor
          form={form}
          overview={overview}
          onChange={setForm}
          onCancel={() => setForm(null)}
          onSaved={() => {
            setForm(null);
            refresh();
          }}
        />
      )}
      <ul className="connection-list">
        {overview?.connections.length === 0 && (
          <li className="empty" data-testid="connections-empty">
            No connections yet. Add one: access keys, an AWS profile from ~/.aws, the environment, or the
            local sandbox.
          </li>
        )}
        {overview?.connections.map((c) => {
          const isActive = active?.id === c.id;
          const row = status[c.id];
          return (
            <li
              key={c.id}
              className={`connection-row${isActive ? " active" : ""}`}
              data-testid={`connection-row-${c.name}`}
            >
              <div className="connection-main">
                <strong>{c.name}</strong>
                {isActive && (
                  <span className="active-chip" data-testid={`connection-active-${c.name}`}>
                    active · {active?.region}
                  </span>
                )}
                {isActive && endpointNote(active) && (
                  <span className="muted small" data-testid={`connection-endpoint-${c.name}`}>
                    {endpointNote(active)}
                  </span>
                )}
                <span className="muted">{describe(c)}</span>
                {sessions[c.id] && (
                  <span
                    className={`session-note ${sessionNote(sessions[c.id], Date.now()).tone}`}
                    data-testid={`connection-session-${c.name}`}
                  >
                    {sessionNote(sessions[c.id], Date.now()).text}
                  </span>
                )}
              </div>
              <div className="connection-actions">
                <button
                  type="button"
                  data-testid={`connection-use-${c.name}`}
                  disabled={isActive}
                  onClick={() => onUse(c)}
                >
                  Use
                </button>
                <button type="button" data-testid={`connection-test-${c.name}`} onClick={() => onTest(c)}>
                  Test connection
                </button>
                {sessions[c.id] && (
                  <button
                    type="button"
                    data-testid={`connection-sign-in-${c.name}`}
                    onClick={() => void startSignIn(c.id)}
                  >
                    Sign in
                  </button>
                )}
                <button
                  type="button"
                  data-testid={`connection-edit-${c.name}`}
                  onClick={() => setForm(formFromConnection(c))}
                  disabled={form !== null}
                >
                  Edit
                </button>
                {c.auth.kind === "accessKey" && !keyringProblem && (
                  <button
                    type="button"
                    data-testid={`connection-rotate-${c.name}`}
                    onClick={() => setRotating(c.id)}
                  >
                    Rotate keys
                  </button>
                )}
                <button
                  type="button"
                  className="danger"
                  data-testid={`connection-delete-${c.name}`}
                  onClick={() => setDeleting(c.id)}
                >
                  Delete
                </button>
              </div>
              {deleting === c.id && (
                <div className="inline-confirm" data-testid={`connection-delete-confirm-${c.name}`}>
                  <span>
                    Delete “{c.name}”?
                    {c.auth.kind === "accessKey" ? " Its secret is removed from the OS keyring." : ""}
                  </span>
                  <button
                    type="button"
                    className="danger"
                    data-testid={`connection-delete-go-${c.name}`}
                    onClick={() => onDelete(c)}
                  >
                    Delete
                  </button>
                  <button type="button" onClick={() => setDeleting(null)}>
                    Cancel
                  </button>
                </div>
              )}
              {rotating === c.id && (
                <RotateForm
                  connection={c}
                  onDone={(message) => {
                    setRotating(null);
                    if (message) setRow(c.id, { kind: "ok", text: message });
                    refresh();
                  }}
                />
              )}
              {mfaFor?.id === c.id && (
                <MfaPrompt
                  onSubmit={(code) => {
                    const retry = mfaFor.retry;
                    setMfaFor(null);
                    if (retry === "test") onTest(c, code);
                    else onUse(c, code);
                  }}
                  onCancel={() => setMfaFor(null)}
                />
              )}
              {row && (
                <p
                  className={`row-status ${row.kind}`}
                  data-testid={`connection-status-${c.name}`}
                  role="status"
                >
                  {row.text}
                  {row.kind === "error" && <CopyDetails details={row.details} />}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </main>
  );
}

/** A labelled field: `children` draws the control with the id its label points at. */
function Field({
  label,
  problem,
  children,
}: {
  label: string;
  problem?: string;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  const problemId = `${id}-problem`;
  return (
    <div className="settings-field">
      <label htmlFor={id}>{label}</label>
      {children(id, problem ? problemId : undefined)}
      {problem && (
        <em className="field-problem" id={problemId}>
          {problem}
        </em>
      )}
    </div>
  );
}

function ConnectionEditor({
  form,
  overview,
  onChange,
  onCancel,
  onSaved,
}: {
  form: ConnectionForm;
  overview: ConnectionsOverview;
  onChange: (f: ConnectionForm) => void;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const [profiles, setProfiles] = useState<AwsProfileInfo[] | null>(null);
  const [profilesError, setProfilesError] = useState<string | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const editing = form.id !== null;
  const problems = checkForm(form, overview.connections, overview.keyringProblem);
  const set = (patch: Partial<ConnectionForm>) => onChange({ ...form, ...patch });

  useEffect(() => {
    if (form.kind !== "awsProfile" || profiles !== null) return;
    api
      .awsProfiles()
      .then(setProfiles)
      .catch((e) => setProfilesError(errorMessage(e)));
  }, [form.kind, profiles]);

  const save = () => {
    setTried(true);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setSendError(null);
    const call =
      form.id === null ? api.addConnection(toNewConnection(form)) : api.editConnection(form.id, toEdit(form));
    // The secret leaves the form as soon as it was sent.
    onChange(withoutSecrets(form));
    call
      .then(onSaved)
      .catch((e) => setSendError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  const show = (field: string) => (tried ? problems[field] : undefined);

  return (
    <form
      className="connection-form"
      data-testid="connection-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3>{editing ? `Edit ${form.name}` : "New connection"}</h3>
      <Field label="Name" problem={show("name")}>
        {(id, describedBy) => (
          <input
            id={id}
            aria-describedby={describedBy}
            data-testid="connection-field-name"
            value={form.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        )}
      </Field>
      <Field label="Credentials" problem={show("kind")}>
        {(id, describedBy) => (
          <select
            id={id}
            aria-describedby={describedBy}
            data-testid="connection-field-kind"
            value={form.kind}
            disabled={editing}
            onChange={(e) => set({ kind: e.target.value as ConnectionForm["kind"] })}
          >
            {(editing ? [form.kind] : kindsOffered(overview.keyringProblem)).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Region" problem={show("region")}>
        {(id, describedBy) => (
          <>
            <input
              id={id}
              aria-describedby={describedBy}
              data-testid="connection-field-region"
              list="connection-regions"
              value={form.region}
              placeholder={
                form.kind === "awsProfile" || form.kind === "environment"
                  ? "from the profile/environment"
                  : ""
              }
              onChange={(e) => set({ region: e.target.value })}
            />
            <datalist id="connection-regions">
              {regionChoices(overview.regions, null).map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      {form.kind === "accessKey" && (
        <>
          <Field label="Access key id" problem={show("accessKeyId")}>
            {(id, describedBy) => (
              <input
                id={id}
                aria-describedby={describedBy}
                data-testid="connection-field-access-key-id"
                value={form.accessKeyId}
                disabled={editing}
                autoComplete="off"
                onChange={(e) => set({ accessKeyId: e.target.value })}
              />
            )}
          </Field>
          {!editing && (
            <>
              <Field label="Secret access key (stored in the OS keyring)" problem={show("secretAccessKey")}>
                {(id, describedBy) => (
                  <input
                    id={id}
                    aria-describedby={describedBy}
                    type="password"
                    data-testid="connection-field-secret"
                    value={form.secretAccessKey}
                    autoComplete="new-password"
                    onChange={(e) => set({ secretAccessKey: e.target.value })}
                  />
                )}
              </Field>
              <Field label="Session token (temporary keys only)">
                {(id, describedBy) => (
                  <input
                    id={id}
                    aria-describedby={describedBy}
                    type="password"
                    data-testid="connection-field-session-token"
                    value={form.sessionToken}
                    autoComplete="off"
                    onChange={(e) => set({ sessionToken: e.target.value })}
                  />
                )}
              </Field>
            </>
          )}
          <Field label="MFA device ARN (optional)">
            {(id, describedBy) => (
              <input
                id={id}
                aria-describedby={describedBy}
                data-testid="connection-field-mfa"
                value={form.mfaSerial}
                onChange={(e) => set({ mfaSerial: e.target.value })}
              />
            )}
          </Field>
        </>
      )}
      {form.kind === "awsProfile" && (
        <Field label="AWS profile" problem={show("profile") ?? profilesError ?? undefined}>
          {(id, describedBy) => (
            <select
              id={id}
              aria-describedby={describedBy}
              data-testid="connection-field-profile"
              value={form.profile}
              disabled={editing}
              onChange={(e) => {
                const p = profiles?.find((x) => x.name === e.target.value);
                // The profile's own region unless it has none (changeable after).
                set({ profile: e.target.value, region: p?.region ?? form.region });
              }}
            >
              <option value="">
                {profiles === null
                  ? "Reading ~/.aws…"
                  : profiles.length
                    ? "Pick a profile"
                    : "No profiles in ~/.aws"}
              </option>
              {form.profile && !profiles?.some((p) => p.name === form.profile) && (
                <option value={form.profile}>{form.profile}</option>
              )}
              {profiles?.map((p) => (
                <option key={p.name} value={p.name}>
                  {profileLabel(p)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field
        label="Custom endpoint URL (moto, sandbox, VPC endpoint; empty for AWS)"
        problem={show("endpointUrl")}
      >
        {(id, describedBy) => (
          <input
            id={id}
            aria-describedby={describedBy}
            data-testid="connection-field-endpoint"
            value={form.endpointUrl}
            placeholder="https://codepipeline.<region>.amazonaws.com"
            onChange={(e) => set({ endpointUrl: e.target.value })}
          />
        )}
      </Field>
      {sendError && (
        <p className="settings-error" role="alert" data-testid="connection-form-error">
          {sendError}
        </p>
      )}
      <div className="form-buttons">
        <button type="submit" className="primary" data-testid="connection-save" disabled={busy}>
          {editing ? "Save changes" : "Add connection"}
        </button>
        <button
          type="button"
          onClick={() => {
            onChange(withoutSecrets(form));
            onCancel();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

function RotateForm({
  connection,
  onDone,
}: {
  connection: Connection;
  onDone: (message: string | null) => void;
}) {
  const [keyId, setKeyId] = useState("");
  const [secret, setSecret] = useState("");
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (!secret.trim()) {
      setError("Enter the new secret access key.");
      return;
    }
    const input = toSecretInput(keyId, secret, token);
    setSecret("");
    setToken("");
    api
      .rotateConnectionSecret(connection.id, input)
      .then(() =>
        onDone(`New keys saved in the OS keyring for ${connection.name}. Test the connection to check them.`),
      )
      .catch((e) => setError(errorMessage(e)));
  };
  return (
    <form
      className="rotate-form"
      data-testid={`connection-rotate-form-${connection.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Field label="New access key id (empty keeps the current one)">
        {(id, describedBy) => (
          <input
            id={id}
            aria-describedby={describedBy}
            data-testid="rotate-access-key-id"
            value={keyId}
            onChange={(e) => setKeyId(e.target.value)}
          />
        )}
      </Field>
      <Field label="New secret access key">
        {(id, describedBy) => (
          <input
            id={id}
            aria-describedby={describedBy}
            type="password"
            data-testid="rotate-secret"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        )}
      </Field>
      <Field label="New session token (temporary keys only)">
        {(id, describedBy) => (
          <input
            id={id}
            aria-describedby={describedBy}
            type="password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        )}
      </Field>
      {error && (
        <p className="settings-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button type="submit" className="primary" data-testid="rotate-save">
          Replace keys
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function MfaPrompt({ onSubmit, onCancel }: { onSubmit: (code: string) => void; onCancel: () => void }) {
  const [code, setCode] = useState("");
  return (
    <form
      className="inline-confirm"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(code);
      }}
    >
      <span>MFA code:</span>
      <input
        data-testid="mfa-code"
        value={code}
        inputMode="numeric"
        onChange={(e) => setCode(e.target.value)}
      />
      <button type="submit" className="primary">
        Connect
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
