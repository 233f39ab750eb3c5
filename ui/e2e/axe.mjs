// Accessibility audits for the Chromium end-to-end tests: axe-core (pinned in package-lock.json)
// runs in the page and any serious or critical violation fails the audit. The full report of
// each audit is written beside the screenshots.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
/** The impacts that fail an audit. */
const FAILING = new Set(["serious", "critical"]);

/**
 * Audits what the page shows now (the whole document, or `include`, a CSS selector). Throws with
 * a readable list of the serious and critical violations; writes `axe-<name>.json` to `dir`.
 */
export async function audit(page, dir, name, { include } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (context) => {
    return window.axe.run(context ?? document, {
      resultTypes: ["violations"],
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
  }, include ?? null);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `axe-${name}.json`), JSON.stringify(results.violations, null, 2));
  const failing = results.violations.filter((v) => FAILING.has(v.impact));
  if (failing.length > 0) {
    const lines = failing.flatMap((v) => [
      `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? "" : "s"})`,
      ...v.nodes
        .slice(0, 4)
        .map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`),
    ]);
    throw new Error(
      `axe found ${failing.length} serious or critical violation(s) in ${name}:\n${lines.join("\n")}`,
    );
  }
  return results.violations;
}
