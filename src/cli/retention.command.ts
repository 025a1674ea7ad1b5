import type { Command } from "commander";
import { withContext } from "./cli-runtime.js";
import { RetentionService, type RetentionReport } from "../retention/retention.service.js";

function describe(report: RetentionReport): string {
  const d = report.documents;
  const verb = report.dryRun ? "Would remove" : "Removed";
  const lines = report.documentIds.map((id) => `${id}\n`).join("");
  const more = report.documentIdsTruncated ? `… and ${d.total - report.documentIds.length} more\n` : "";
  const policy = (days: number) => (days === 0 ? "forever" : `${days} day(s)`);
  return (
    lines +
    more +
    `${verb} ${d.total} document(s) (completed ${d.COMPLETED}, failed ${d.FAILED}, cancelled ${d.CANCELLED})` +
    (report.dryRun ? "" : `, ${report.objectsRemoved} stored object(s)`) +
    (report.failures ? `; ${report.failures} failure(s), see the log` : "") +
    `. Defaults: completed ${policy(report.defaults.completedDays)}, failed/cancelled ${policy(report.defaults.failedDays)}` +
    `${report.dryRun ? " (dry run)" : ""}.\n`
  );
}

/** `folio retention [--dry-run] [--json] [--user U…]`: apply the retention policy once, now. */
export function registerRetentionCommand(program: Command): void {
  program
    .command("retention")
    .description("apply the retention policy now: delete expired documents with their history and stored files")
    .option("--dry-run", "report what would be deleted without deleting anything", false)
    .option("--json", "print the report as JSON", false)
    .option("--user <user...>", "only these users' documents (id or e-mail)")
    .action((opts: { dryRun: boolean; json: boolean; user?: string[] }) =>
      withContext(async (ctx) => {
        const ownerIds = opts.user ? await Promise.all(opts.user.map(async (u) => (await ctx.users.find(u)).id)) : undefined;
        const service = new RetentionService({ dataSource: ctx.dataSource, store: ctx.store, logger: ctx.logger, config: ctx.config.retention });
        const report = await service.run({ dryRun: opts.dryRun, ownerIds });
        process.stdout.write(opts.json ? JSON.stringify(report) + "\n" : describe(report));
        if (report.failures > 0) process.exitCode = 1;
      }),
    );
}
