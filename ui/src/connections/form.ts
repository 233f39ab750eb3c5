// Pure logic of the connections settings: the add/edit form, its checks, and what is sent to the
// backend. The secret access key lives in the form only until it is sent once (add or rotate);
// the backend stores it in the OS keyring and never returns it.
import type {
  ActiveConnection,
  AuthKind,
  AwsProfileInfo,
  Connection,
  ConnectionEdit,
  ConnectOptions,
  NewConnection,
  SecretInput,
} from "../backend";

export interface ConnectionForm {
  /** null: a new connection; otherwise the id of the one being edited. */
  id: string | null;
  name: string;
  region: string;
  kind: AuthKind;
  endpointUrl: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  mfaSerial: string;
  profile: string;
}

export const KIND_LABELS: Record<AuthKind, string> = {
  accessKey: "Access keys (secret kept in the OS keyring)",
  awsProfile: "AWS named profile (~/.aws)",
  environment: "Environment (AWS_* variables, then the default chain)",
  localSandbox: "Local sandbox (not AWS)",
};

export function emptyForm(keyringProblem: string | null): ConnectionForm {
  return {
    id: null,
    name: "",
    region: "us-east-1",
    kind: keyringProblem ? "awsProfile" : "accessKey",
    endpointUrl: "",
    accessKeyId: "",
    secretAccessKey: "",
    sessionToken: "",
    mfaSerial: "",
    profile: "",
  };
}

/** The edit form of a saved connection (no secret: it stays in the keyring). */
export function formFromConnection(c: Connection): ConnectionForm {
  const form: ConnectionForm = {
    ...emptyForm(null),
    id: c.id,
    name: c.name,
    region: c.region ?? "",
    kind: c.auth.kind,
    endpointUrl: c.endpointUrl ?? "",
  };
  if (c.auth.kind === "accessKey") {
    form.accessKeyId = c.auth.accessKeyId;
    form.mfaSerial = c.auth.mfaSerial ?? "";
  } else if (c.auth.kind === "awsProfile") {
    form.profile = c.auth.profile;
  }
  return form;
}

/** The kinds a new connection may have here: no access keys without an OS keyring. */
export function kindsOffered(keyringProblem: string | null): AuthKind[] {
  const kinds: AuthKind[] = ["accessKey", "awsProfile", "environment", "localSandbox"];
  return keyringProblem ? kinds.filter((k) => k !== "accessKey") : kinds;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

function orNull(s: string): string | null {
  const t = s.trim();
  return t === "" ? null : t;
}

/** Problems of the form, by field, as sentences. Empty: it can be sent. */
export function checkForm(
  form: ConnectionForm,
  existing: Connection[],
  keyringProblem: string | null,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const name = form.name.trim();
  if (!name) problems.name = "Give the connection a name.";
  else if (existing.some((c) => c.id !== form.id && c.name.toLowerCase() === name.toLowerCase()))
    problems.name = `A connection named '${name}' already exists: pick another name.`;
  const region = form.region.trim();
  if (region && !REGION.test(region)) problems.region = "Use a region code such as us-east-1 or eu-west-1.";
  if (!region && (form.kind === "accessKey" || form.kind === "localSandbox"))
    problems.region = "Pick a region for this connection.";
  const url = form.endpointUrl.trim();
  if (url && !/^https?:\/\/[^\s/]+/.test(url))
    problems.endpointUrl = "The endpoint URL starts with http:// or https://, e.g. http://127.0.0.1:5000.";
  if (form.kind === "localSandbox" && !url)
    problems.endpointUrl = "The local sandbox needs its loopback endpoint URL, e.g. http://127.0.0.1:4599.";
  if (form.kind === "accessKey") {
    if (form.id === null && keyringProblem) problems.kind = keyringProblem;
    if (!/^[A-Z0-9]{16,128}$/.test(form.accessKeyId.trim()))
      problems.accessKeyId =
        "The access key id is 16 or more capital letters and digits, like AKIAIOSFODNN7EXAMPLE.";
    if (form.id === null && !form.secretAccessKey.trim())
      problems.secretAccessKey = "Enter the secret access key (it goes to the OS keyring).";
  }
  if (form.kind === "awsProfile" && !form.profile.trim()) problems.profile = "Pick a profile from ~/.aws.";
  return problems;
}

/** What `add_connection` receives. The secret is sent here once. */
export function toNewConnection(form: ConnectionForm): NewConnection {
  const base = {
    name: form.name.trim(),
    region: orNull(form.region),
    endpointUrl: orNull(form.endpointUrl),
  };
  switch (form.kind) {
    case "accessKey":
      return {
        ...base,
        auth: {
          kind: "accessKey",
          accessKeyId: form.accessKeyId.trim(),
          secretAccessKey: form.secretAccessKey,
          sessionToken: orNull(form.sessionToken),
          mfaSerial: orNull(form.mfaSerial),
        },
      };
    case "awsProfile":
      return { ...base, auth: { kind: "awsProfile", profile: form.profile.trim() } };
    case "environment":
      return { ...base, auth: { kind: "environment" } };
    case "localSandbox":
      return { ...base, auth: { kind: "localSandbox" } };
  }
}

/** What `edit_connection` receives (no secret; the kind does not change). */
export function toEdit(form: ConnectionForm): ConnectionEdit {
  return {
    name: form.name.trim(),
    region: orNull(form.region),
    endpointUrl: orNull(form.endpointUrl),
    mfaSerial: form.kind === "accessKey" ? orNull(form.mfaSerial) : null,
  };
}

/** What `rotate_connection_secret` receives: a new key pair (the id may stay). */
export function toSecretInput(
  accessKeyId: string,
  secretAccessKey: string,
  sessionToken: string,
): SecretInput {
  return {
    accessKeyId: orNull(accessKeyId),
    secretAccessKey,
    sessionToken: orNull(sessionToken),
  };
}

export const NO_OPTIONS: ConnectOptions = { region: null, endpointUrl: null, mfaCode: null };

/** Options for activate/test: an MFA code when the connection has a device. */
export function connectOptions(mfaCode: string): ConnectOptions {
  return { ...NO_OPTIONS, mfaCode: orNull(mfaCode) };
}

/** A form without any secret left in it (after sending, or on cancel). */
export function withoutSecrets(form: ConnectionForm): ConnectionForm {
  return { ...form, secretAccessKey: "", sessionToken: "" };
}

/** One line describing a saved connection in the list. */
export function describe(c: Connection): string {
  const endpoint = c.endpointUrl ? ` · ${c.endpointUrl}` : "";
  const region = c.region ?? "region from the profile/environment";
  switch (c.auth.kind) {
    case "accessKey": {
      const id = c.auth.accessKeyId;
      const masked = id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
      return `Access key ${masked} · ${region}${endpoint}`;
    }
    case "awsProfile":
      return `AWS profile '${c.auth.profile}' · ${region}${endpoint}`;
    case "environment":
      return `Environment · ${region}${endpoint}`;
    case "localSandbox":
      return `Local sandbox, not AWS · ${region}${endpoint}`;
  }
}

/** The profile picker's label: name, how it gets credentials, region. */
export function profileLabel(p: AwsProfileInfo): string {
  const how: Record<AwsProfileInfo["kind"], string> = {
    staticKeys: "static keys",
    sso: "SSO",
    assumeRole: "assume role",
    credentialProcess: "credential process",
    webIdentity: "web identity",
    other: "settings only",
  };
  return `${p.name} (${how[p.kind]}${p.region ? `, ${p.region}` : ""})`;
}

/** Title-bar label and whether it is the sandbox, for the designer's connection chip. */
export function titleOf(active: ActiveConnection | null): { label: string; sandbox: boolean } {
  if (!active) return { label: "No connection", sandbox: false };
  return { label: active.title, sandbox: active.isSandbox };
}

/**
 * Where the active connection's calls go when it is not AWS's own endpoint (and not the local
 * sandbox, which says so itself): the URL and, when the environment or an AWS profile set it
 * (`AWS_ENDPOINT_URL*`, `endpoint_url`), which one, as `pipewright connections test` says it.
 */
export function endpointNote(active: ActiveConnection | null): string | null {
  if (!active || active.isSandbox || !active.endpointUrl) return null;
  return active.endpointFrom
    ? `endpoint ${active.endpointUrl} (set by ${active.endpointFrom}), not AWS's own`
    : `endpoint ${active.endpointUrl}, not AWS's own`;
}

/** Regions for a picker: the known ones plus the current one if it is not among them. */
export function regionChoices(regions: string[], current: string | null): string[] {
  const list = [...regions];
  if (current && !list.includes(current)) list.unshift(current);
  return list;
}
