/**
 * axe-core (the npm package) run inside a page of real Chromium against the WCAG 2.x A and AA rules
 * (2.0, 2.1, 2.2): how many rules passed, and every violation with its impact.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { projectRoot } from "../../core/project-root.js";

export interface AxeOutcome {
  passes: number;
  violations: { id: string; impact: string | null; nodes: number; help: string }[];
}

export async function runAxe(page: Page): Promise<AxeOutcome> {
  await page.addScriptTag({ path: join(projectRoot(), "node_modules", "axe-core", "axe.min.js") });
  // A string, evaluated in the page: the tests' tsconfig has no DOM types.
  return (await page.evaluate(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
    .then((r) => ({
      passes: r.passes.length,
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help })),
    }))`)) as AxeOutcome;
}

/** The violations a page must not have: serious or critical. */
export function seriousOrCritical(outcome: AxeOutcome): AxeOutcome["violations"] {
  return outcome.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
