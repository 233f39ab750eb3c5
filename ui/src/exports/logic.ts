// Infrastructure-as-code exports: the choices the export menu offers and the file names it
// suggests. The text itself comes from core (`export_iac`).
import type { Document, ExportFormat } from "../backend";

export interface ExportChoice {
  format: ExportFormat;
  label: string;
  /** File name ending, dot included. */
  extension: string;
  filter: { name: string; extensions: string[] };
}

export const EXPORT_CHOICES: ExportChoice[] = [
  {
    format: "cloudformation-yaml",
    label: "CloudFormation (YAML)",
    extension: ".cfn.yaml",
    filter: { name: "CloudFormation template", extensions: ["yaml", "yml"] },
  },
  {
    format: "cloudformation-json",
    label: "CloudFormation (JSON)",
    extension: ".cfn.json",
    filter: { name: "CloudFormation template", extensions: ["json"] },
  },
  {
    format: "terraform",
    label: "Terraform",
    extension: ".tf",
    filter: { name: "Terraform configuration", extensions: ["tf"] },
  },
];

export function exportChoice(format: ExportFormat): ExportChoice {
  return EXPORT_CHOICES.find((c) => c.format === format) ?? EXPORT_CHOICES[0];
}

/** A file-system friendly stem: the pipeline's name (with the environment's suffix if any). */
export function exportFileName(doc: Document, format: ExportFormat, environment: string | null): string {
  const envs = doc.pipewright?.environments ?? {};
  const suffix = environment ? (envs[environment]?.nameSuffix ?? `-${environment}`) : "";
  const stem = `${doc.pipeline.name || "pipeline"}${suffix}`.replace(/[^A-Za-z0-9._-]+/g, "-");
  return `${stem}${exportChoice(format).extension}`;
}
