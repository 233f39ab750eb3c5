// The Node side of the Tauri IPC mock used by the end-to-end test and the benchmark.
//
// Where it matters the answers are REAL: `validate_document`, `parse_text`, `render_text` (and
// `catalog` when the CLI has a `catalog` command) run the `pipewright` CLI built from crates/cli,
// and `export_picture` runs `pipewright export --format svg`, so the UI is tested against the
// Rust validator, codec and picture. Without the binary (PIPEWRIGHT_BIN, or
// target/debug/pipewright) the same commands fall back to small JavaScript stand-ins (the
// picture has none); the report says which one answered. File commands use a real directory on disk.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";

/** The pipewright binary to use, or null. */
export function findCli() {
  const candidates = [
    process.env.PIPEWRIGHT_BIN,
    process.env.CARGO_TARGET_DIR && path.join(process.env.CARGO_TARGET_DIR, "debug", "pipewright"),
    path.join(process.env.HOME ?? "", ".cache", "pipewright", "target", "debug", "pipewright"),
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/** A copy of the binary that a concurrent `cargo build` cannot replace mid-run. */
function privateCopy(bin) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pipewright-cli-"));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const copy = path.join(dir, "pipewright");
  fs.copyFileSync(bin, copy);
  fs.chmodSync(copy, 0o755);
  return copy;
}

function appError(kind, message) {
  return { kind, message };
}

/** A small catalog used when the CLI cannot print the real one (mirrors core's field names). */
export const FALLBACK_CATALOG = {
  providers: [
    prov(
      "Source",
      "AWS",
      "CodeCommit",
      "AWS CodeCommit",
      [0, 0],
      [1, 1],
      [
        key("RepositoryName", true, "The name of the repository."),
        key("BranchName", true, "The branch to watch."),
        key("PollForSourceChanges", false, "Poll for changes.", ["true", "false"]),
        key("OutputArtifactFormat", false, "Zip or a full clone.", ["CODE_ZIP", "CODEBUILD_CLONE_REF"]),
      ],
    ),
    prov(
      "Source",
      "AWS",
      "S3",
      "Amazon S3",
      [0, 0],
      [1, 1],
      [key("S3Bucket", true, "The bucket."), key("S3ObjectKey", true, "The object key.")],
    ),
    prov(
      "Source",
      "ThirdParty",
      "GitHub",
      "GitHub (version 1)",
      [0, 0],
      [1, 1],
      [
        key("Owner", true, "Repository owner."),
        key("Repo", true, "Repository name."),
        key("Branch", true, "Branch."),
        { ...key("OAuthToken", true, "A personal access token."), secret: true },
      ],
    ),
    prov(
      "Build",
      "AWS",
      "CodeBuild",
      "AWS CodeBuild",
      [1, 5],
      [0, 5],
      [
        key("ProjectName", true, "The CodeBuild project."),
        key("PrimarySource", false, "Required with several inputs."),
        key("EnvironmentVariables", false, "JSON list of variables."),
      ],
    ),
    prov(
      "Test",
      "AWS",
      "CodeBuild",
      "AWS CodeBuild (test)",
      [1, 5],
      [0, 5],
      [key("ProjectName", true, "The CodeBuild project.")],
    ),
    prov(
      "Approval",
      "AWS",
      "Manual",
      "Manual approval",
      [0, 0],
      [0, 0],
      [
        key("NotificationArn", false, "SNS topic to notify."),
        key("CustomData", false, "A message for the approver."),
        key("ExternalEntityLink", false, "A link to review."),
      ],
    ),
    prov(
      "Deploy",
      "AWS",
      "CodeDeploy",
      "AWS CodeDeploy",
      [1, 1],
      [0, 0],
      [
        key("ApplicationName", true, "The CodeDeploy application."),
        key("DeploymentGroupName", true, "The deployment group."),
      ],
    ),
    prov(
      "Deploy",
      "AWS",
      "CloudFormation",
      "AWS CloudFormation",
      [0, 10],
      [0, 1],
      [
        key("ActionMode", true, "What to do with the stack.", [
          "CREATE_UPDATE",
          "DELETE_ONLY",
          "REPLACE_ON_FAILURE",
          "CHANGE_SET_REPLACE",
          "CHANGE_SET_EXECUTE",
        ]),
        key("StackName", true, "The stack."),
      ],
    ),
    prov(
      "Invoke",
      "AWS",
      "Lambda",
      "AWS Lambda",
      [0, 5],
      [0, 5],
      [key("FunctionName", true, "The function.")],
    ),
    { ...prov("Compute", "AWS", "Commands", "Commands", [1, 10], [0, 1], []), v2Only: true },
  ],
};

function prov(category, owner, provider, displayName, inputs, outputs, config) {
  return {
    category,
    owner,
    provider,
    version: "1",
    displayName,
    description: `${displayName} (${category})`,
    inputArtifacts: { min: inputs[0], max: inputs[1] },
    outputArtifacts: { min: outputs[0], max: outputs[1] },
    v2Only: false,
    legacy: false,
    config,
  };
}

function key(name, required, help, allowed) {
  return allowed ? { name, required, secret: false, help, allowed } : { name, required, secret: false, help };
}

/** The starter design `new_document(null)` gives (a copy of src-tauri/src/starter.rs). */
export function starterDocument() {
  return {
    pipeline: {
      name: "my-pipeline",
      roleArn: "arn:aws:iam::123456789012:role/REPLACE-ME-pipeline-role",
      artifactStore: { type: "S3", location: "REPLACE-ME-artifact-bucket" },
      stages: [
        {
          name: "Source",
          actions: [
            {
              name: "Source",
              actionTypeId: { category: "Source", owner: "AWS", provider: "CodeCommit", version: "1" },
              runOrder: 1,
              configuration: {
                RepositoryName: "REPLACE-ME-repository",
                BranchName: "main",
                PollForSourceChanges: "false",
              },
              outputArtifacts: [{ name: "SourceOutput" }],
            },
          ],
        },
        {
          name: "Build",
          actions: [
            {
              name: "Build",
              actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
              runOrder: 1,
              configuration: { ProjectName: "REPLACE-ME-codebuild-project" },
              inputArtifacts: [{ name: "SourceOutput" }],
              outputArtifacts: [{ name: "BuildOutput" }],
            },
          ],
        },
      ],
      pipelineType: "V2",
      executionMode: "QUEUED",
    },
    pipewright: {
      format: 1,
      notes: { pipeline: "A starter pipeline: replace every value that starts with REPLACE-ME." },
    },
  };
}

function jsValidate(doc, catalog) {
  const out = [];
  const p = doc?.pipeline ?? {};
  const stages = Array.isArray(p.stages) ? p.stages : [];
  const emit = (code, pointer, message, hint = "") =>
    out.push({ code, severity: "error", message, pointer, hint });
  if (stages.length < 2)
    emit("E201", "/pipeline/stages", "a pipeline needs at least 2 stages", "Add a stage.");
  const produced = [];
  const seenStages = new Set();
  stages.forEach((s, si) => {
    if (seenStages.has(s.name))
      emit("E208", `/pipeline/stages/${si}/name`, `stage name \`${s.name}\` is used twice`);
    seenStages.add(s.name);
    const actions = Array.isArray(s.actions) ? s.actions : [];
    const order = (a) => (typeof a.runOrder === "number" ? a.runOrder : 1);
    actions.forEach((a, ai) => {
      const t = a.actionTypeId ?? {};
      const entry = catalog.providers.find(
        (c) => c.category === t.category && c.owner === t.owner && c.provider === t.provider,
      );
      for (const k of entry?.config ?? []) {
        if (k.required && !(a.configuration && k.name in a.configuration)) {
          emit(
            "E501",
            `/pipeline/stages/${si}/actions/${ai}/configuration/${k.name}`,
            `action \`${a.name}\` (${entry.displayName}) needs configuration key \`${k.name}\``,
            `Set \`${k.name}\`: ${k.help}`,
          );
        }
      }
      (a.inputArtifacts ?? []).forEach((inp, ii) => {
        const before = produced.some(
          (x) => x.name === inp.name && (x.si < si || (x.si === si && x.ro < order(a))),
        );
        const sameStageEarlier = actions.some(
          (b) => order(b) < order(a) && (b.outputArtifacts ?? []).some((o) => o.name === inp.name),
        );
        if (!before && !sameStageEarlier) {
          emit(
            "E301",
            `/pipeline/stages/${si}/actions/${ai}/inputArtifacts/${ii}/name`,
            `input artifact \`${inp.name}\` is not produced by an earlier action`,
          );
        }
      });
    });
    for (const a of actions)
      for (const o of a.outputArtifacts ?? []) produced.push({ name: o.name, si, ro: order(a) });
  });
  return out;
}

/** Parse error text the way the real codec words it: with line and column. */
function jsParse(text, format) {
  if (format === "json") {
    try {
      return JSON.parse(text);
    } catch (e) {
      const m = /position (\d+)/.exec(e.message);
      const pos = m ? Number(m[1]) : 0;
      const before = text.slice(0, pos);
      const line = before.split("\n").length;
      const col = pos - before.lastIndexOf("\n");
      throw appError(
        "parse",
        `The JSON is not valid at line ${line}, column ${col}: ${e.message}. Fix the text there.`,
      );
    }
  }
  const parsed = YAML.parseDocument(text);
  if (parsed.errors.length > 0) {
    const err = parsed.errors[0];
    const [line, col] = err.linePos?.[0] ? [err.linePos[0].line, err.linePos[0].col] : [1, 1];
    throw appError(
      "parse",
      `The YAML is not valid at line ${line}, column ${col}: ${err.message.split("\n")[0]}`,
    );
  }
  return parsed.toJS();
}

export class Backend {
  constructor({ dir, cli = findCli() }) {
    if (!cli && process.env.PIPEWRIGHT_E2E_REQUIRE_CLI === "1") {
      throw new Error(
        "PIPEWRIGHT_E2E_REQUIRE_CLI=1 but no pipewright binary was found: run `cargo build -p pipewright-cli` and set PIPEWRIGHT_BIN.",
      );
    }
    this.dir = dir;
    this.cli = cli && privateCopy(cli);
    this.recent = [];
    this.recoveries = new Map();
    this.startupFile = null;
    this.nextOpenPath = null;
    /** What the next save dialog answers (else a file named after its default path in `dir`). */
    this.nextSavePath = null;
    this.unmocked = [];
    this.calls = [];
    /** Which implementation answered each command, for the report. */
    this.answeredBy = {};
    this.catalogCache = null;
    fs.mkdirSync(dir, { recursive: true });
  }

  runCli(args, input) {
    const r = spawnSync(this.cli, args, { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw r.error;
    return r;
  }

  note(cmd, how) {
    this.answeredBy[cmd] = how;
  }

  catalog() {
    if (this.catalogCache) return this.catalogCache;
    if (this.cli) {
      const r = this.runCli(["catalog", "--format", "json"], "");
      if (r.status === 0) {
        this.note("catalog", "pipewright CLI");
        this.catalogCache = JSON.parse(r.stdout);
        return this.catalogCache;
      }
    }
    this.note("catalog", "JavaScript stand-in");
    this.catalogCache = FALLBACK_CATALOG;
    return this.catalogCache;
  }

  validate(document) {
    if (this.cli) {
      const r = this.runCli(["validate", "--format", "json", "-"], JSON.stringify(document));
      if (r.status === 0 || r.status === 1 || r.status === 2) {
        const report = JSON.parse(r.stdout);
        const file = report.files?.[0];
        if (file?.error) throw appError("parse", file.error.message ?? JSON.stringify(file.error));
        this.note("validate_document", "pipewright CLI");
        return file?.diagnostics ?? [];
      }
      throw appError("internal", `pipewright validate failed: ${r.stderr}`);
    }
    this.note("validate_document", "JavaScript stand-in");
    return jsValidate(document, this.catalog());
  }

  parse(text, format) {
    if (this.cli) {
      // `fmt -` runs the real codec: its errors carry the exact line and column.
      const r = this.runCli(["fmt", "-"], text);
      this.note("parse_text", "pipewright CLI (fmt -)");
      if (r.status !== 0) {
        // The CLI says `-:LINE:COL: message`; the app's parse_text says the same in a sentence.
        const text = r.stderr.trim().replace(/^error:\s*/i, "");
        const m = /^-:(\d+):(\d+):\s*(.*)$/s.exec(text);
        throw appError("parse", m ? `Line ${m[1]}, column ${m[2]}: ${m[3]}` : text);
      }
      return format === "yaml" ? YAML.parse(r.stdout) : JSON.parse(r.stdout);
    }
    this.note("parse_text", "JavaScript stand-in");
    return jsParse(text, format);
  }

  render(document, format) {
    let json = `${JSON.stringify(document, null, 2)}\n`;
    if (this.cli) {
      const r = this.runCli(["fmt", "-"], json);
      if (r.status !== 0) throw appError("internal", r.stderr.trim());
      json = r.stdout;
      this.note("render_text", "pipewright CLI (fmt -)");
    } else {
      this.note("render_text", "JavaScript stand-in");
    }
    return format === "yaml" ? YAML.stringify(JSON.parse(json)) : json;
  }

  /** The architecture templates, from `pipewright new --list` (its text form). */
  templates() {
    if (!this.cli) {
      this.note("templates", "JavaScript stand-in");
      return [];
    }
    const r = this.runCli(["new", "--list"], "");
    if (r.status !== 0) throw appError("internal", r.stderr.trim());
    this.note("templates", "pipewright CLI (new --list)");
    const list = [];
    for (const line of r.stdout.split("\n")) {
      const head = /^(\S+)\s+(.*)$/.exec(line);
      if (head) {
        list.push({ id: head[1], title: head[2].trim(), description: "", placeholders: [], files: [] });
        continue;
      }
      const t = list[list.length - 1];
      const text = line.trim();
      if (!t || !text) continue;
      if (text.startsWith("placeholders:")) {
        t.placeholders = text
          .slice(13)
          .split(",")
          .map((n) => ({ name: n.trim(), help: "", example: "" }));
      } else if (text.startsWith("files:")) {
        t.files = text
          .slice(6)
          .split(",")
          .map((f) => f.trim());
      } else {
        t.description = t.description ? `${t.description} ${text}` : text;
      }
    }
    return list;
  }

  /** A new design: the starter, or a template instantiated by `pipewright new` (`--set` values). */
  newDocument(template, values) {
    if (template === null || template === undefined) return starterDocument();
    if (!this.cli) throw appError("unknown_template", `There is no template "${template}".`);
    const dir = fs.mkdtempSync(path.join(this.dir, "template-"));
    const out = path.join(dir, "design.json");
    const sets = Object.entries(values ?? {}).flatMap(([k, v]) => ["--set", `${k}=${v}`]);
    const r = this.runCli(["new", "--template", template, "-o", out, ...sets], "");
    this.note("new_document", "pipewright CLI (new --template)");
    if (r.status !== 0) throw appError("unknown_template", r.stderr.trim());
    return JSON.parse(fs.readFileSync(out, "utf8"));
  }

  /** The design's SVG picture, drawn by core through `pipewright export --format svg`. */
  picture(document, environment) {
    if (!this.cli)
      throw appError("internal", "The picture needs the pipewright CLI (cargo build -p pipewright-cli).");
    const args = ["export", "--format", "svg", "-"];
    if (environment) args.push("--environment", environment);
    const r = this.runCli(args, JSON.stringify(document));
    if (r.status !== 0) throw appError("invalid", r.stderr.trim());
    this.note("export_picture", "pipewright CLI (export --format svg)");
    return r.stdout;
  }

  remember(p) {
    this.recent = [p, ...this.recent.filter((x) => x !== p)].slice(0, 10);
  }

  /** Answer one IPC call: `{ ok: true, value }` or `{ ok: false, error }`. */
  handle(cmd, args) {
    this.calls.push(cmd);
    try {
      return { ok: true, value: this.dispatch(cmd, args) ?? null };
    } catch (error) {
      if (error instanceof Error) return { ok: false, error: appError("internal", error.message) };
      return { ok: false, error };
    }
  }

  dispatch(cmd, a) {
    switch (cmd) {
      case "app_info":
        // The designer tests start in the designer (the app shows the control room first only
        // for a start without a design on the sandbox; the control room has its own e2e).
        return {
          version: "0.1.0-e2e",
          connectionLabel: "Local sandbox",
          sandbox: true,
          firstView: "designer",
        };
      case "active_connection":
        // The title bar asks once at start (connections); the designer tests run without one.
        return null;
      case "catalog":
        return this.catalog();
      case "validate_document":
        return this.validate(a.document);
      case "parse_text":
        return this.parse(a.text, a.format);
      case "render_text":
        return this.render(a.document, a.format);
      case "new_document":
        return this.newDocument(a.template, a.values);
      case "templates":
        return this.templates();
      case "open_design": {
        const text = fs.readFileSync(a.path, "utf8");
        const format = /\.ya?ml$/i.test(a.path) ? "yaml" : "json";
        const document = this.parse(text, format);
        this.remember(a.path);
        return { path: a.path, format, document };
      }
      case "save_design": {
        const format = a.format ?? (/\.ya?ml$/i.test(a.path) ? "yaml" : "json");
        fs.writeFileSync(a.path, this.render(a.document, format));
        this.remember(a.path);
        return null;
      }
      case "recent_files":
        return this.recent;
      case "autosave":
        this.recoveries.set(a.key, {
          key: a.key,
          path: a.path,
          savedAt: new Date().toISOString(),
          document: a.document,
        });
        return null;
      case "list_recoveries":
        return [...this.recoveries.values()];
      case "discard_recovery":
        this.recoveries.delete(a.key);
        return null;
      case "startup_file":
        return this.startupFile;
      case "export_picture":
        return this.picture(a.document, a.environment);
      case "save_export":
        fs.writeFileSync(a.path, Buffer.from(a.dataBase64, "base64"));
        return null;
      // The file dialogs are opened by Rust (which records the choice).
      case "pick_save_path": {
        const chosen =
          this.nextSavePath ?? path.join(this.dir, path.basename(a.defaultPath ?? "design.json"));
        this.nextSavePath = null;
        return chosen;
      }
      case "pick_file":
      case "pick_folder":
        return this.nextOpenPath;
      default:
        this.unmocked.push(cmd);
        throw appError("unmocked", `The test backend does not implement "${cmd}".`);
    }
  }
}
