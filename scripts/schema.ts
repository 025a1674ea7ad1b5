// Emit the GraphQL schema to schema/schema.graphql, or with --check fail when
// the committed file differs from what the code builds (CI drift check).
import fs from "node:fs/promises";
import path from "node:path";
import { printFolioSchema } from "../src/graphql/schema.js";

const file = path.resolve(process.cwd(), "schema/schema.graphql");
const printed = await printFolioSchema();
if (process.argv.includes("--check")) {
  const committed = await fs.readFile(file, "utf8").catch(() => "");
  if (committed !== printed) {
    process.stderr.write("schema/schema.graphql is out of date with the code: run `npm run schema:emit` and commit the result.\n");
    process.exit(1);
  }
  process.stdout.write("schema/schema.graphql matches the code.\n");
} else {
  await fs.writeFile(file, printed);
  process.stdout.write(`Wrote ${path.relative(process.cwd(), file)}.\n`);
}
