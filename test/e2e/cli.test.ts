import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentProgressSubscription, EventFieldsFragment } from "../../src/client/index.js";
import { FolioClientError } from "../../src/client/index.js";
import { followDocument, type ProgressSource } from "../../src/cli/client.commands.js";
import type { FileResult } from "../../src/cli/client-output.js";
import { STEP_NAMES } from "../../src/pipeline/step.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";

const exec = promisify(execFile);

/**
 * Each CLI run starts a fresh Node with tsx and loads src/main.ts, which imports the server's modules
 * too: ~4 s of start-up on an idle 2-core machine, ~10 s on a busy one. Allow for the busy case.
 */
const CLI_TIMEOUT_MS = 120_000;
const SLOW = { timeout: 150_000 };

const RECEIPT = "../shared/corpus/receipts/000.jpg";
const INVOICE = "../shared/corpus/invoices/AmazonWebServices.pdf";

let h: ApiHarness;
let alice: ApiUser;
let tmp: string;
let notes: string;

beforeAll(async () => {
  h = await startApiHarness();
  alice = await h.createUser();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "folio-cli-"));
  notes = path.join(tmp, "notes.txt");
  await fs.writeFile(notes, "Plain words in a text file, which is not a document format Folio reads.\n".repeat(10));
});
afterAll(async () => {
  await h?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

/**
 * Run the real CLI from source as a child process; resolves with the exit code instead of throwing.
 * The child gets no server configuration at all (and a PORT that would fail validation): the
 * client commands must work from FOLIO_URL and FOLIO_API_KEY alone.
 */
async function folio(args: string[], env: Record<string, string> = {}) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|FOLIO_|STORAGE_|S3_)/.test(k)));
  try {
    const { stdout, stderr } = await exec(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
      cwd: process.cwd(),
      env: { ...inherited, PORT: "not-a-port", FOLIO_URL: h.url, FOLIO_API_KEY: alice.apiKey, ...env },
      timeout: CLI_TIMEOUT_MS,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("folio client commands against a running server", () => {
  let results: FileResult[];
  // Each CLI run costs seconds of start-up, so the --json upload runs alongside the plain one.
  let jsonRun: ReturnType<typeof folio>;

  it("uploads three files, prints a progress line for every step and a result per file, and exits 1 for the failure", SLOW, async () => {
    jsonRun = folio(["upload", RECEIPT, INVOICE, notes, "--json"]);
    const run = await folio(["upload", RECEIPT, INVOICE, notes, "--label", "cli-e2e"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    for (const file of ["000.jpg", "AmazonWebServices.pdf"]) {
      const own = lines.filter((l) => l.startsWith(`${file} `));
      for (const step of STEP_NAMES) expect(own.some((l) => new RegExp(`^\\S+\\s+${step}\\s`).test(l)), `${file} ${step}`).toBe(true);
      expect(lines.some((l) => l.startsWith(`✓ ${file}`))).toBe(true);
    }
    expect(lines.some((l) => /^000\.jpg\s+ocr\s+IN_PROGRESS\s+\d+%\s+page 1 of 1$/.test(l))).toBe(true);
    expect(lines.find((l) => l.startsWith("✓ 000.jpg"))).toMatch(/receipt \(\d\.\d\d\)/);
    expect(lines.find((l) => l.startsWith("✓ AmazonWebServices.pdf"))).toMatch(/invoice \(\d\.\d\d\)\s+Invoice .*Amazon Web Services/);
    expect(lines.find((l) => l.startsWith("✗ notes.txt"))).toMatch(/UNSUPPORTED_MEDIA_TYPE/);
  });

  it("--json prints only a JSON array of the results", SLOW, async () => {
    const run = await jsonRun;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    results = JSON.parse(run.stdout) as FileResult[];
    expect(results).toHaveLength(3);
    expect(results.map((r) => r.status)).toEqual(["COMPLETED", "COMPLETED", "FAILED"]);
    expect(results.map((r) => r.documentType)).toEqual(["receipt", "invoice", null]);
    expect(results[0]).toMatchObject({ file: RECEIPT, errorCode: null });
    expect(results[0]!.confidence).toBeGreaterThan(0);
    expect(results[1]!.summary).toMatch(/Amazon Web Services/);
    expect(results[2]).toMatchObject({ file: notes, errorCode: "UNSUPPORTED_MEDIA_TYPE" });
    for (const r of results) expect(r.documentId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("get --fields shows the extracted fields, ls --json lists the uploads, watch replays a finished document", SLOW, async () => {
    const invoiceId = results[1]!.documentId!;
    const [get, ls, table, watch] = await Promise.all([
      folio(["get", invoiceId, "--fields"]),
      folio(["ls", "--json", "--first", "50"]),
      folio(["ls", "--type", "invoice"]),
      folio(["watch", results[0]!.documentId!]),
    ]);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/status\s+COMPLETED/);
    expect(get.stdout).toMatch(/type\s+invoice \(\d\.\d\d\)/);
    expect(get.stdout).toMatch(/│ total\s+│/); // a cli-table3 row of the field named total

    expect(ls.code).toBe(0);
    const listed = JSON.parse(ls.stdout) as { id: string; filename: string; status: string }[];
    expect(listed).toHaveLength(6);
    for (const r of results) expect(listed.map((d) => d.id)).toContain(r.documentId);

    expect(watch.code).toBe(0);
    expect(watch.stdout).toMatch(/^000\.jpg\s+finalize\s+SUCCEEDED/m);
    expect(watch.stdout).toMatch(/^✓ 000\.jpg\s+receipt \(\d\.\d\d\)/m);

    // The table view, filtered by type: both invoices and nothing else.
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("AmazonWebServices.pdf");
    expect(table.stdout).not.toContain("000.jpg");
    expect(table.stdout).toMatch(/2 of 2 document\(s\)/);
  });

  it("a bad key fails with UNAUTHENTICATED on stderr; no key at all is a usage error", SLOW, async () => {
    const badKey = { FOLIO_API_KEY: "folio_000000000000_not-a-real-key" };
    const [upload, none, noWait] = await Promise.all([
      folio(["upload", RECEIPT, notes], badKey),
      folio(["get", "x"], { FOLIO_API_KEY: "" }),
      // Unrelated to keys, but another CLI start-up costs less alongside these two.
      folio(["upload", notes, "--no-wait", "--json"]),
    ]);
    // Said once, not once per file, and nothing half-done on stdout.
    expect(upload.code).toBe(1);
    expect(upload.stderr).toMatch(/^folio: UNAUTHENTICATED: [^\n]+\n$/);
    expect(upload.stdout).toBe("");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^folio: UNAUTHENTICATED: no API key/);

    // --no-wait: accepted is success, even for a file that will fail processing later.
    expect(noWait.code).toBe(0);
    const [accepted] = JSON.parse(noWait.stdout) as FileResult[];
    expect(accepted).toMatchObject({ file: notes, status: "QUEUED", errorCode: null });
    expect(accepted!.documentId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("followDocument", () => {
  const event = (seq: number, type: string): EventFieldsFragment => ({
    documentId: "d",
    seq,
    type,
    step: type.startsWith("step.") ? "ocr" : null,
    status: "IN_PROGRESS",
    documentStatus: type === "document.completed" ? "COMPLETED" : "PROCESSING",
    progress: seq * 10,
    stepProgress: null,
    message: null,
    detail: {},
    createdAt: new Date(0).toISOString(),
  });

  it("resubscribes after a dropped connection with afterSeq = the last seq seen, and shows nothing twice", async () => {
    const calls: number[] = [];
    const source: ProgressSource = (variables) => {
      calls.push(variables.afterSeq ?? 0);
      const first = calls.length === 1;
      return (async function* (): AsyncGenerator<DocumentProgressSubscription> {
        if (first) {
          yield { documentProgress: event(1, "document.queued") };
          yield { documentProgress: event(2, "step.started") };
          throw new FolioClientError("UNAUTHENTICATED", "WebSocket closed: 1006", []);
        }
        // The server replays from afterSeq; a repeat of seq 2 must be ignored anyway.
        yield { documentProgress: event(2, "step.started") };
        yield { documentProgress: event(3, "step.succeeded") };
        yield { documentProgress: event(4, "document.completed") };
      })();
    };
    const seen: number[] = [];
    const terminal = await followDocument(source, "d", (e) => seen.push(e.seq), { retryDelayMs: 1 });
    expect(calls).toEqual([0, 2]);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(terminal?.type).toBe("document.completed");
  });

  it("asks the server when a stream goes quiet, and stops once the document has ended", async () => {
    // A stream that never delivers its terminal event (e.g. a run that stopped after the document was failed elsewhere).
    const source: ProgressSource = () =>
      (async function* (): AsyncGenerator<DocumentProgressSubscription> {
        yield { documentProgress: event(1, "step.started") };
        await new Promise(() => undefined);
      })();
    const checked: number[] = [];
    const verdicts = ["running", "ended"] as const;
    const last = await followDocument(source, "d", () => undefined, { idle: { afterMs: 20, check: async (seq) => verdicts[checked.push(seq) - 1]! } });
    expect(checked).toEqual([1, 1]);
    expect(last?.seq).toBe(1);
  });

  it("does not retry a definite answer such as NOT_FOUND", async () => {
    let calls = 0;
    const source: ProgressSource = () => {
      calls++;
      const rejecting: AsyncIterableIterator<DocumentProgressSubscription> = {
        [Symbol.asyncIterator]() {
          return this;
        },
        next: () => Promise.reject(new FolioClientError("NOT_FOUND", "Document not found.", [])),
      };
      return rejecting;
    };
    await expect(followDocument(source, "d", () => undefined, { retryDelayMs: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(calls).toBe(1);
  });
});
