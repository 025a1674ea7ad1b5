import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const GRAPHQL_DIR = path.resolve(import.meta.dirname, "../../src/graphql");

/** What a resolver would use to reach the database itself instead of through a read model or a service. */
const DATABASE_ACCESS = [/from "typeorm"/, /\bgetRepository\(/, /\bcreateQueryBuilder\(/, /\.query\(/, /\bdataSource\b/, /\bEntityManager\b/, /\.manager\b/, /\btransaction\(/];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => path.join(e.parentPath, e.name));
}

describe("src/graphql stays thin", () => {
  it("has no TypeORM or SQL: reads go through read models, changes through services (ctx.services.reads / commands)", async () => {
    const offences: string[] = [];
    for (const file of await sourceFiles(GRAPHQL_DIR)) {
      const lines = (await fs.readFile(file, "utf8")).split("\n");
      lines.forEach((line, i) => {
        if (DATABASE_ACCESS.some((pattern) => pattern.test(line))) offences.push(`${path.relative(GRAPHQL_DIR, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offences).toEqual([]);
  });
});
