import { Option, type Command } from "commander";
import { createPipelineServices } from "../app/pipeline-services.js";
import { OCR_MODES, reprocessStartStep, type OcrMode } from "../common/ocr-mode.js";
import { rebuildSteps } from "../documents/step.rebuild.js";
import { STEP_NAMES, isStepName } from "../pipeline/step.js";
import { withContext } from "./cli-runtime.js";

/**
 * Operator commands on the database: `folio admin reprocess`, `folio admin cancel` (any user's
 * document, no API key, no running server needed) and `folio rebuild-steps`. The user-facing
 * `folio reprocess` / `folio cancel` are clients of the API (client.commands.ts).
 */
export function registerPipelineCommands(program: Command): void {
  const admin = program
    .command("admin")
    .description("operator commands that act on the database directly (any user's document; no API key, no server)");
  admin
    .command("reprocess")
    .description("run the pipeline again for a finished document (directly on the database)")
    .argument("<document>", "document id")
    .option("--from <step>", `first step to run again (${STEP_NAMES.join(", ")})`, STEP_NAMES[0])
    .addOption(
      new Option("--ocr-mode <mode>", "the document's OCR mode from now on (skip: pages without text; redo: also pages whose text is an earlier OCR; force: every page); runs again from extract_text at the latest").choices(OCR_MODES),
    )
    .action((id: string, opts: { from: string; ocrMode?: OcrMode }) =>
      withContext(async (ctx) => {
        const services = createPipelineServices(ctx);
        try {
          await services.operations.reprocess(id, opts.from, opts.ocrMode ? { ocrMode: opts.ocrMode } : {});
          // reprocess() refused an unknown step name above, so the name is a step here.
          const from = isStepName(opts.from) ? reprocessStartStep(opts.from, opts.ocrMode) : opts.from;
          process.stdout.write(`Document ${id} queued for reprocessing from ${from}${opts.ocrMode ? ` with OCR mode ${opts.ocrMode}` : ""}.\n`);
        } finally {
          await services.close();
        }
      }),
    );
  admin
    .command("cancel")
    .description("cancel a queued or processing document (directly on the database)")
    .argument("<document>", "document id")
    .action((id: string) =>
      withContext(async (ctx) => {
        const services = createPipelineServices(ctx);
        try {
          await services.operations.cancel(id);
          process.stdout.write(`Document ${id} cancelled.\n`);
        } finally {
          await services.close();
        }
      }),
    );
  program
    .command("rebuild-steps")
    .description("rebuild the step table from the event log and report differences")
    .option("--dry-run", "report differences without writing", false)
    .option("--verify", "exit 1 when the table differs from its rebuild (implies --dry-run)", false)
    .option("--document <id...>", "only these documents")
    .option("--json", "print the report as JSON", false)
    .action((opts: { dryRun: boolean; verify: boolean; document?: string[]; json: boolean }) =>
      withContext(async (ctx) => {
        const report = await rebuildSteps(ctx.dataSource, { dryRun: opts.dryRun || opts.verify, documentIds: opts.document });
        if (opts.json) process.stdout.write(JSON.stringify(report) + "\n");
        else {
          for (const d of report.differences) {
            const cols = d.columns?.map((c) => `${c.column}: ${JSON.stringify(c.stored)} → ${JSON.stringify(c.rebuilt)}`).join("; ");
            process.stdout.write(`${d.documentId} ${d.step} ${d.kind}${cols ? ` (${cols})` : ""}\n`);
          }
          process.stdout.write(
            `${report.documents} document(s) checked, ${report.differences.length} difference(s), ${report.written} row(s) written${opts.dryRun || opts.verify ? " (dry run)" : ""}.\n`,
          );
        }
        if (opts.verify && report.differences.length > 0) process.exitCode = 1;
      }),
    );
}
