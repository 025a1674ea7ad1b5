#!/usr/bin/env node
import "reflect-metadata";
import { Command } from "commander";
import { registerAdminCommands } from "./cli/admin.commands.js";
import { registerPipelineCommands } from "./cli/pipeline.commands.js";
import { registerRuntimeCommands } from "./cli/runtime.commands.js";

const program = new Command();
program
  .name("folio")
  .description("Folio: self-hosted document processing with a GraphQL API.\nConfiguration comes from environment variables (see .env.example).")
  .version("0.1.0");

registerRuntimeCommands(program);
registerAdminCommands(program);
registerPipelineCommands(program);

/** Client commands owned by later milestones; they exist so `--help` shows the whole surface. */
for (const [name, description] of [
  ["upload", "upload files to a Folio server and follow their progress"],
  ["watch", "follow a document's progress live"],
  ["get", "show a document's type, fields and summary"],
  ["ls", "list documents"],
  ["retention", "apply the retention policy (supports --dry-run)"],
] as const) {
  program
    .command(name)
    .description(`${description} (not yet available)`)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      process.stderr.write(`folio ${name}: not yet available in this version.\n`);
      process.exitCode = 2;
    });
}

await program.parseAsync(process.argv);
