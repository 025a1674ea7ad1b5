#!/usr/bin/env node
import "reflect-metadata";
import { Command } from "commander";
import { registerAdminCommands } from "./cli/admin.commands.js";
import { registerClientCommands } from "./cli/client.commands.js";
import { registerPipelineCommands } from "./cli/pipeline.commands.js";
import { registerRuntimeCommands } from "./cli/runtime.commands.js";
import { registerRetentionCommand } from "./retention/retention.command.js";

const program = new Command();
program
  .name("folio")
  .description("Folio: self-hosted document processing with a GraphQL API.\nConfiguration comes from environment variables (see .env.example).")
  .version("0.1.0");

registerRuntimeCommands(program);
registerAdminCommands(program);
registerPipelineCommands(program);
registerClientCommands(program);
registerRetentionCommand(program);

await program.parseAsync(process.argv);
