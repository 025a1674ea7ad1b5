import type { Command } from "commander";
import { migrate } from "../db/data-source.js";
import { withContext } from "./cli-runtime.js";

/** Print rows as an aligned plain-text table (for people; `--json` is for programs). */
function printTable(rows: Record<string, string>[]): void {
  if (rows.length === 0) {
    process.stdout.write("(none)\n");
    return;
  }
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd() + "\n";
  process.stdout.write(line(columns));
  for (const row of rows) process.stdout.write(line(columns.map((c) => row[c] ?? "")));
}

/** `folio migrate`, `folio user …` and `folio key …`. */
export function registerAdminCommands(program: Command): void {
  program
    .command("migrate")
    .description("apply pending database migrations and exit")
    .action(() =>
      withContext(async (ctx) => {
        const ran = await migrate(ctx.dataSource);
        process.stdout.write(ran.length ? `Applied ${ran.length} migration(s): ${ran.join(", ")}\n` : "Database is up to date.\n");
      }),
    );

  const user = program.command("user").description("manage users");
  user
    .command("create")
    .description("create a user and print their first API key (shown once)")
    .requiredOption("--email <email>", "the user's e-mail address")
    .option("--admin", "make the user an administrator", false)
    .option("--key-name <name>", "name of the first API key", "default")
    .option("--json", "print machine-readable JSON", false)
    .action((opts: { email: string; admin: boolean; keyName: string; json: boolean }) =>
      withContext(async (ctx) => {
        const created = await ctx.users.create(opts.email, { isAdmin: opts.admin });
        const { key } = await ctx.apiKeys.create(created.id, opts.keyName);
        if (opts.json) {
          process.stdout.write(JSON.stringify({ id: created.id, email: created.email, isAdmin: created.isAdmin, apiKey: key }) + "\n");
        } else {
          process.stdout.write(
            `Created ${created.isAdmin ? "admin " : ""}user ${created.email} (${created.id}).\n` +
              `API key (shown once, store it now):\n${key}\n`,
          );
        }
      }),
    );
  user
    .command("list")
    .description("list users")
    .option("--json", "print machine-readable JSON", false)
    .action((opts: { json: boolean }) =>
      withContext(async (ctx) => {
        const users = await ctx.users.list();
        if (opts.json) process.stdout.write(JSON.stringify(users.map((u) => ({ id: u.id, email: u.email, isAdmin: u.isAdmin, createdAt: u.createdAt }))) + "\n");
        else printTable(users.map((u) => ({ id: u.id, email: u.email, admin: u.isAdmin ? "yes" : "no", created: u.createdAt.toISOString() })));
      }),
    );
  user
    .command("delete")
    .description("delete a user with all their keys, documents and stored objects")
    .argument("<user>", "user id or e-mail")
    .action((who: string) =>
      withContext(async (ctx) => {
        const found = await ctx.users.find(who);
        const { objectsRemoved } = await ctx.users.delete(found.id);
        process.stdout.write(`Deleted user ${found.email} and ${objectsRemoved} stored object(s).\n`);
      }),
    );

  const key = program.command("key").description("manage API keys");
  key
    .command("create")
    .description("create an API key for a user (shown once)")
    .requiredOption("--user <user>", "user id or e-mail")
    .option("--name <name>", "a name to recognise the key by", "default")
    .action((opts: { user: string; name: string }) =>
      withContext(async (ctx) => {
        const owner = await ctx.users.find(opts.user);
        const { key: secret, record } = await ctx.apiKeys.create(owner.id, opts.name);
        process.stdout.write(`Created key ${record.prefix} "${record.name}" for ${owner.email}.\nAPI key (shown once, store it now):\n${secret}\n`);
      }),
    );
  key
    .command("list")
    .description("list a user's API keys (never their secrets)")
    .requiredOption("--user <user>", "user id or e-mail")
    .action((opts: { user: string }) =>
      withContext(async (ctx) => {
        const owner = await ctx.users.find(opts.user);
        const keys = await ctx.apiKeys.list(owner.id);
        printTable(
          keys.map((k) => ({
            id: k.id,
            prefix: k.prefix,
            name: k.name,
            created: k.createdAt.toISOString(),
            lastUsed: k.lastUsedAt?.toISOString() ?? "never",
            revoked: k.revokedAt?.toISOString() ?? "",
          })),
        );
      }),
    );
  key
    .command("revoke")
    .description("revoke an API key")
    .argument("<key>", "key id, prefix, or the key itself")
    .action((which: string) =>
      withContext(async (ctx) => {
        const revoked = await ctx.apiKeys.revoke(which);
        process.stdout.write(`Revoked key ${revoked.prefix} "${revoked.name}".\n`);
      }),
    );
}
