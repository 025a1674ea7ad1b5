import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * "Only one place writes state": documents, their steps and their events are
 * written by `src/documents/` (the transitions) and, for the append itself and
 * the step-table rebuild, by the event log. This test reads every source file
 * with the TypeScript compiler and lists each write of those entities anywhere
 * else: a TypeORM call on the entity class (`save`, `insert`, `update`,
 * `delete`, …, on a manager or a repository), a query builder aimed at it, or
 * raw SQL that inserts into, updates or deletes from its table.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const SRC = path.join(ROOT, "src");

const ENTITIES = new Set(["DocumentEntity", "ProcessingStepEntity", "ProcessingEventEntity"]);
const TABLES = ["documents", "processing_steps", "processing_events"];
const WRITE_METHODS = new Set(["save", "insert", "update", "upsert", "delete", "remove", "softDelete", "softRemove", "restore", "increment", "decrement", "clear"]);
const RAW_SQL_WRITE = new RegExp(`\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+(?:${TABLES.join("|")})\\b`, "i");

/** Where writes belong: the transitions own documents and steps; the log owns events (and the seq counter on the document row). */
const OWNERS: readonly { path: string; why: string }[] = [
  { path: "src/documents/", why: "every state change of a document" },
  { path: "src/events/event.log.ts", why: "the append: the event row and the per-document seq counter" },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The entity a call writes, when it is one of ours: `m.update(DocumentEntity, …)`, `getRepository(ProcessingStepEntity).save(…)`, `qb.insert().into(ProcessingEventEntity)`. */
function writtenEntity(call: ts.CallExpression): string | null {
  if (!ts.isPropertyAccessExpression(call.expression)) return null;
  const method = call.expression.name.text;
  const firstArg = call.arguments[0];
  const argEntity = firstArg && ts.isIdentifier(firstArg) && ENTITIES.has(firstArg.text) ? firstArg.text : null;
  // manager.save(Entity, …) / manager.update(Entity, …)
  if (WRITE_METHODS.has(method) && argEntity) return argEntity;
  // query builder: .insert().into(Entity), .update(Entity), .delete().from(Entity)
  if ((method === "into" || method === "from") && argEntity) {
    const text = call.expression.expression.getText();
    if (/\.(insert|delete)\(\)\s*$/.test(text)) return argEntity;
  }
  // repository: getRepository(Entity).save(…)
  if (WRITE_METHODS.has(method)) {
    const target = call.expression.expression;
    if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === "getRepository") {
      const arg = target.arguments[0];
      if (arg && ts.isIdentifier(arg) && ENTITIES.has(arg.text)) return arg.text;
    }
  }
  return null;
}

/** Every write of a document, step or event outside its owners, as `file:line what`. */
function foreignWrites(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const relative = path.relative(ROOT, file).split(path.sep).join("/");
    if (relative.startsWith("src/db/")) continue;
    if (OWNERS.some((owner) => relative.startsWith(owner.path))) continue;
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const where = (node: ts.Node) => `${relative}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const entity = writtenEntity(node);
        if (entity) found.push(`${where(node)} writes ${entity}`);
      }
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        const text = node.getText(source);
        const match = RAW_SQL_WRITE.exec(text);
        if (match) found.push(`${where(node)} SQL ${match[0].replace(/\s+/g, " ")}`);
        if (ts.isTemplateExpression(node)) {
          node.templateSpans.forEach((span) => visit(span.expression));
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe("state ownership", () => {
  it("no module outside src/documents/ (and the event log's append) writes documents, steps or events", () => {
    expect(foreignWrites()).toEqual([]);
  });

  it("the check sees a write when there is one", () => {
    const probe = ts.createSourceFile(
      "probe.ts",
      `await m.update(ProcessingStepEntity, { id }, {}); await ds.getRepository(DocumentEntity).delete({ id }); await m.createQueryBuilder().insert().into(ProcessingEventEntity).values([]).execute();`,
      ts.ScriptTarget.ES2022,
      true,
    );
    const hits: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const entity = writtenEntity(node);
        if (entity) hits.push(entity);
      }
      ts.forEachChild(node, visit);
    };
    visit(probe);
    expect(hits.sort()).toEqual(["DocumentEntity", "ProcessingEventEntity", "ProcessingStepEntity"]);
    expect(RAW_SQL_WRITE.test("DELETE FROM documents d USING users u")).toBe(true);
    expect(RAW_SQL_WRITE.test("SELECT id FROM documents")).toBe(false);
  });
});
