/** The chaos run's verdicts, its table (markdown, printed and written) and its JSON file. */

import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DocumentAudit } from "./audit.js";
import type { ChaosOptions, ScenarioName } from "./options.js";
import type { ScenarioRun } from "./scenarios.js";

/** Everything known about one scenario. */
export interface ScenarioResult {
  scenario: ScenarioName;
  wallMs: number;
  run?: ScenarioRun;
  audit?: DocumentAudit;
  /** `folio rebuild-steps --verify`: exit code and its summary line. */
  verify?: { code: number; summary: string };
  leftovers?: { partFiles: number; orphanFolders: number };
  /** The script itself broke (set-up, a query): the scenario proves nothing. */
  error?: string;
  /** What makes the run exit non-zero. */
  violations: string[];
}

/** Codes a document must never fail with: they are Folio's own outages, which wait instead of spending attempts. */
const OUTAGE_CODES = ["DATABASE_UNAVAILABLE", "QUEUE_UNAVAILABLE", "STORAGE_UNAVAILABLE"];

/** Lost, stuck or duplicated documents, wrong death counts, outage codes on documents, wrong or slow outage answers, a failed verify. */
export function violations(result: Omit<ScenarioResult, "violations">): string[] {
  const v: string[] = [];
  if (result.error) v.push(`script error: ${result.error}`);
  const a = result.audit;
  if (a) {
    if (a.lost.length) v.push(`${a.lost.length} lost: ${a.lost.join(", ")}`);
    if (a.stuck.length) v.push(`${a.stuck.length} stuck: ${a.stuck.join(", ")}`);
    for (const [id, problems] of Object.entries(a.duplicated)) v.push(`duplicated run ${id}: ${problems.join("; ")}`);
    for (const w of a.wrongDeathCounts) v.push(`WORKER_CRASHED with a wrong death count: ${w}`);
    for (const code of OUTAGE_CODES) if (a.failedCodes[code]) v.push(`${a.failedCodes[code]} document(s) failed with ${code}`);
  }
  for (const o of result.run?.outage?.violations ?? []) v.push(`outage answer: ${o}`);
  if (result.verify && result.verify.code !== 0) v.push(`rebuild-steps --verify exited ${result.verify.code}: ${result.verify.summary}`);
  return v;
}

const codes = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((x, y) => y[1] - x[1])
    .map(([c, n]) => `${c}×${n}`)
    .join(", ") || "–";

const HEADER = ["scenario", "faults", "accepted", "completed", "failed (codes)", "stuck", "lost", "duplicated runs", "answers during outage (max ms)", "runs total/max", "worker deaths", "unexpected exits", "leftovers .part/orphans", "rebuild-steps --verify", "wall s"];

function row(r: ScenarioResult): string[] {
  const a = r.audit;
  const outage = r.run?.outage;
  return [
    r.scenario,
    r.run?.faults ?? "–",
    a ? `${a.accepted}${a.unanswered ? ` (+${a.unanswered} unanswered)` : ""}` : "–",
    a ? String(a.completed) : "–",
    a ? `${a.failed}${a.failed ? ` (${codes(a.failedCodes)})` : ""}` : "–",
    a ? String(a.stuck.length) : "–",
    a ? String(a.lost.length) : "–",
    a ? String(Object.keys(a.duplicated).length) : "–",
    outage ? `${codes(outage.codes)} (${outage.maxMs})` : "–",
    a ? `${a.runs.total}/${a.runs.max}` : "–",
    a ? String(a.workerDeaths) : "–",
    String(r.run?.unexpectedExits.length ?? "–"),
    r.leftovers ? `${r.leftovers.partFiles}/${r.leftovers.orphanFolders}` : "–",
    r.verify ? (r.verify.code === 0 ? "ok" : `FAILED (${r.verify.code})`) : "–",
    (r.wallMs / 1000).toFixed(0),
  ];
}

/** The results as a markdown table, then one line per violation (or "no violations"). */
export function renderTable(results: readonly ScenarioResult[]): string {
  const lines = [`| ${HEADER.join(" | ")} |`, `|${HEADER.map(() => "---").join("|")}|`, ...results.map((r) => `| ${row(r).join(" | ")} |`)];
  const all = results.flatMap((r) => r.violations.map((v) => `- ${r.scenario}: ${v}`));
  lines.push("", all.length ? `Violations:\n${all.join("\n")}` : "No violations: every accepted document ended COMPLETED or FAILED, none stuck, none run twice at once.");
  const exits = results.flatMap((r) => (r.run?.unexpectedExits ?? []).map((e) => `- ${r.scenario}: ${e}`));
  if (exits.length) lines.push("", `Processes that exited on their own (restarted):\n${exits.join("\n")}`);
  return lines.join("\n");
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

/** Write `bench/results/chaos-<ISO timestamp>.json` and `.md`; returns both paths. */
export async function writeResults(startedAt: string, options: ChaosOptions, results: readonly ScenarioResult[], table: string): Promise<{ json: string; markdown: string }> {
  const dir = path.resolve(process.cwd(), "bench/results");
  await fs.mkdir(dir, { recursive: true });
  const base = path.join(dir, `chaos-${startedAt.replace(/:/g, "-")}`);
  const machine = { cpus: os.cpus().length, loadAverage: os.loadavg(), node: process.version, commit: gitCommit() };
  await fs.writeFile(`${base}.json`, JSON.stringify({ startedAt, options, machine, results }, null, 2) + "\n");
  await fs.writeFile(`${base}.md`, `# Chaos run ${startedAt}\n\nCommit ${machine.commit ?? "?"}, ${machine.cpus} CPUs, load ${machine.loadAverage.map((l) => l.toFixed(1)).join(" ")}.\n\n${table}\n`);
  return { json: `${base}.json`, markdown: `${base}.md` };
}
