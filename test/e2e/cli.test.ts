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
import { UploadDocumentDocument } from "../../src/client/index.js";
import { DocumentStatus } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { encryptedPdf, INVOICE as INVOICE_TRUTH, invoicePdf, receiptJpeg } from "../support/fixtures.js";

const exec = promisify(execFile);

/**
 * Each CLI run starts a fresh Node with tsx and loads src/main.ts, which imports the server's modules
 * too: ~4 s of start-up on an idle 2-core machine, ~10 s on a busy one. Allow for the busy case.
 */
const CLI_TIMEOUT_MS = 120_000;
const SLOW = { timeout: 150_000 };

/** The repository root: `npm --prefix ROOT run folio` from another directory is how a user runs it. */
const ROOT = process.cwd();
const PDF_PASSWORD = "correct horse";

let h: ApiHarness;
let alice: ApiUser;
let tmp: string;
let notes: string;
let RECEIPT: string;
let INVOICE: string;

beforeAll(async () => {
  h = await startApiHarness();
  alice = await h.createUser();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "folio-cli-"));
  notes = path.join(tmp, "notes.txt");
  await fs.writeFile(notes, "Plain words in a text file, which is not a document format Folio reads.\n".repeat(10));
  RECEIPT = path.join(tmp, "receipt.jpg");
  INVOICE = path.join(tmp, "invoice.pdf");
  await fs.writeFile(RECEIPT, await receiptJpeg());
  await fs.writeFile(INVOICE, await invoicePdf());
  await fs.writeFile(path.join(tmp, "locked.pdf"), encryptedPdf(PDF_PASSWORD));
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
/** `cwd` other than the repository needs `viaNpm` (a direct `node --import tsx` resolves tsx from its cwd). */
async function folio(args: string[], env: Record<string, string> = {}, options: { cwd?: string; viaNpm?: boolean; user?: ApiUser; noConnectionEnv?: boolean } = {}) {
  // Nothing of this test process's npm run (INIT_CWD, npm_*) or server configuration leaks in.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|FOLIO_|STORAGE_|S3_|INIT_CWD$|npm_)/.test(k)));
  const connection = options.noConnectionEnv ? {} : { FOLIO_URL: h.url, FOLIO_API_KEY: (options.user ?? alice).apiKey };
  // As a user types it from their own directory: `npm --prefix <repo> run -s folio -- …` (npm
  // runs the script in the repository and passes the user's directory as INIT_CWD).
  const [command, argv] = options.viaNpm
    ? ["npm", ["--prefix", ROOT, "run", "-s", "folio", "--", ...args]]
    : [process.execPath, ["--import", "tsx", path.join(ROOT, "src/main.ts"), ...args]];
  try {
    const { stdout, stderr } = await exec(command, argv, {
      cwd: options.cwd ?? ROOT,
      env: { ...inherited, PORT: "not-a-port", ...connection, ...env },
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
    for (const file of ["receipt.jpg", "invoice.pdf"]) {
      const own = lines.filter((l) => l.startsWith(`${file} `));
      for (const step of STEP_NAMES) expect(own.some((l) => new RegExp(`^\\S+\\s+${step}\\s`).test(l)), `${file} ${step}`).toBe(true);
      expect(lines.some((l) => l.startsWith(`✓ ${file}`))).toBe(true);
    }
    expect(lines.some((l) => /^receipt\.jpg\s+ocr\s+IN_PROGRESS\s+\d+%\s+page 1 of 1$/.test(l))).toBe(true);
    expect(lines.find((l) => l.startsWith("✓ receipt.jpg"))).toMatch(/receipt \(\d\.\d\d\)/);
    expect(lines.find((l) => l.startsWith("✓ invoice.pdf"))).toMatch(new RegExp(`invoice \\(\\d\\.\\d\\d\\)\\s+Invoice .*${INVOICE_TRUTH.marker}`));
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
    expect(results[1]!.summary).toContain(INVOICE_TRUTH.marker);
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
    // …and the table of line items: the invoice's one item with its amount.
    expect(get.stdout).toMatch(new RegExp(`│ ${INVOICE_TRUTH.item.description}\\s+│.*│ ${INVOICE_TRUTH.item.amount.toFixed(2)} ${INVOICE_TRUTH.total.currency}\\s+│`));

    expect(ls.code).toBe(0);
    const listed = JSON.parse(ls.stdout) as { id: string; filename: string; status: string }[];
    expect(listed).toHaveLength(6);
    for (const r of results) expect(listed.map((d) => d.id)).toContain(r.documentId);

    expect(watch.code).toBe(0);
    expect(watch.stdout).toMatch(/^receipt\.jpg\s+finalize\s+SUCCEEDED/m);
    expect(watch.stdout).toMatch(/^✓ receipt\.jpg\s+receipt \(\d\.\d\d\)/m);

    // The table view, filtered by type: both invoices and nothing else.
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("invoice.pdf");
    expect(table.stdout).not.toContain("receipt.jpg");
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

describe("the CLI as a user runs it: from their own directory, through npm, with .env, and the document commands", () => {
  let bob: ApiUser;
  let invoiceId: string;
  beforeAll(async () => {
    bob = await h.createUser();
  });

  it("resolves paths against the user's directory, accepts the /graphql endpoint as FOLIO_URL, and --json through `npm run -s` is pure JSON", SLOW, async () => {
    const [run, missing, directory] = await Promise.all([
      folio(["upload", "invoice.pdf", "--json"], { FOLIO_URL: `${h.url}/graphql/` }, { cwd: tmp, viaNpm: true, user: bob }),
      folio(["upload", "invoice.pdf", "nope.pdf"], {}, { cwd: tmp, viaNpm: true, user: bob }),
      folio(["upload", "."], {}, { cwd: tmp, viaNpm: true, user: bob }),
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [result] = JSON.parse(run.stdout) as FileResult[]; // the whole of stdout parses
    expect(result).toMatchObject({ file: "invoice.pdf", status: "COMPLETED", documentType: "invoice", errorCode: null });
    invoiceId = result!.documentId!;

    // A missing file names the path that was tried; nothing was uploaded.
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`folio: NOT_FOUND: nope.pdf: no such file (looked for ${path.join(tmp, "nope.pdf")}).\n`);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toMatch(/^folio: VALIDATION_FAILED: \. is a directory; pass the files in it instead/);
    expect(missing.stdout + directory.stdout).toBe("");
  });

  it("upload --pdf-password opens an encrypted PDF; without it the document fails with PDF_ENCRYPTED", SLOW, async () => {
    const [withPassword, without] = await Promise.all([
      folio(["upload", "locked.pdf", "--pdf-password", PDF_PASSWORD, "--json"], {}, { cwd: tmp, viaNpm: true, user: bob }),
      folio(["upload", "locked.pdf", "--json"], {}, { cwd: tmp, viaNpm: true, user: bob }),
    ]);
    const [opened] = JSON.parse(withPassword.stdout) as FileResult[];
    expect(opened).toMatchObject({ file: "locked.pdf", status: "COMPLETED", errorCode: null });
    expect(withPassword.code).toBe(0);
    const [refused] = JSON.parse(without.stdout) as FileResult[];
    expect(refused).toMatchObject({ file: "locked.pdf", status: "FAILED", errorCode: "PDF_ENCRYPTED" });
    expect(without.code).toBe(1);
  });

  it("reprocess --from runs the later steps again; cancel stops a queued document; delete removes one", SLOW, async () => {
    // A held document stays QUEUED until released: something to cancel without racing the worker.
    const held = await bob.client.upload(UploadDocumentDocument, { file: null, input: { autoProcess: false } }, {
      file: { data: await receiptJpeg(7), filename: "held.jpg", contentType: "image/jpeg" },
    });
    const heldId = held.uploadDocument.document.id;
    const [reprocess, cancel, badStep] = await Promise.all([
      folio(["reprocess", invoiceId, "--from", "classify", "--wait"], {}, { user: bob }),
      folio(["cancel", heldId, "--json"], {}, { user: bob }),
      folio(["reprocess", invoiceId, "--from", "no_such_step"], {}, { user: bob }),
    ]);
    expect(reprocess.code).toBe(0);
    expect(reprocess.stdout).toMatch(/^✓ invoice\.pdf\s+invoice/m);
    const attempts = Object.fromEntries((await h.pipeline.steps(invoiceId)).map((s) => [s.name, s.attempts]));
    expect(attempts).toMatchObject({ detect: 1, extract_text: 1, classify: 2, finalize: 2 });

    expect(cancel.code).toBe(0);
    expect(JSON.parse(cancel.stdout)).toMatchObject({ id: heldId, status: "CANCELLED" });
    expect((await h.pipeline.waitForStatus(heldId, [DocumentStatus.CANCELLED])).errorCode).toBe("CANCELLED");

    expect(badStep.code).toBe(1);
    expect(badStep.stderr).toMatch(/^folio: VALIDATION_FAILED: /);

    const [removed, alienDelete] = await Promise.all([
      folio(["delete", heldId, "--json"], {}, { user: bob }),
      folio(["delete", invoiceId], {}, { user: alice }), // not alice's document
    ]);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ deleted: heldId });
    expect(alienDelete.code).toBe(1);
    expect(alienDelete.stderr).toMatch(/^folio: NOT_FOUND: /);
    const gone = await folio(["get", heldId], {}, { user: bob });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^folio: NOT_FOUND: /);
  });

  it("reprocess --ocr-mode names the step the run really starts at: extract_text, whatever later step was asked for", SLOW, async () => {
    const uploaded = await bob.client.upload(UploadDocumentDocument, { file: null, input: {} }, {
      file: { data: await invoicePdf("CLI-OCR-1"), filename: "ocr-mode.pdf", contentType: "application/pdf" },
    });
    const id = uploaded.uploadDocument.document.id;
    expect((await h.pipeline.waitForStatus(id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED])).status).toBe(DocumentStatus.COMPLETED);

    const run = await folio(["reprocess", id, "--from", "classify", "--ocr-mode", "force"], {}, { user: bob });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${id} queued for reprocessing from extract_text; follow it with: folio watch ${id}`);
    expect((await h.pipeline.waitForStatus(id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED])).status).toBe(DocumentStatus.COMPLETED);
  });

  it("reads .env from the user's directory, and the real environment wins over it", SLOW, async () => {
    const envDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-cli-env-"));
    try {
      await fs.writeFile(path.join(envDir, ".env"), `# written by the CLI test\nFOLIO_URL=${h.url}\nFOLIO_API_KEY="${bob.apiKey}"\n`);
      const [fromFile, overridden] = await Promise.all([
        folio(["get", invoiceId, "--json"], {}, { cwd: envDir, viaNpm: true, noConnectionEnv: true }),
        folio(["get", invoiceId], { FOLIO_API_KEY: "folio_000000000000_not-a-real-key" }, { cwd: envDir, viaNpm: true, noConnectionEnv: true }),
      ]);
      expect(fromFile.code).toBe(0);
      expect(JSON.parse(fromFile.stdout)).toMatchObject({ id: invoiceId, status: "COMPLETED" });
      expect(overridden.code).toBe(1);
      expect(overridden.stderr).toMatch(/^folio: UNAUTHENTICATED: /);
    } finally {
      await fs.rm(envDir, { recursive: true, force: true });
    }
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
    details: null,
    createdAt: new Date(0).toISOString(),
  });

  /** A subscription the server refuses at once with `error`. */
  const refusing = (error: FolioClientError): AsyncIterableIterator<DocumentProgressSubscription> => ({
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => Promise.reject(error),
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

  it("waits for room when the server has too many subscriptions open, beyond the resubscribe budget, then follows to the end", async () => {
    let calls = 0;
    const source: ProgressSource = () => {
      calls++;
      const busy = calls <= 8;
      return (async function* (): AsyncGenerator<DocumentProgressSubscription> {
        if (busy) throw new FolioClientError("TOO_MANY_SUBSCRIPTIONS", "This connection already has 100 operations open.", []);
        yield { documentProgress: event(1, "document.queued") };
        yield { documentProgress: event(2, "document.completed") };
      })();
    };
    const terminal = await followDocument(source, "d", () => undefined, { retryDelayMs: 1, maxResubscribes: 5, busy: { retryMs: 1 } });
    expect(calls).toBe(9);
    expect(terminal?.type).toBe("document.completed");
  });

  it("gives up waiting for room after the busy budget, with CONNECTION_LOST naming the cause", async () => {
    let calls = 0;
    const source: ProgressSource = () => {
      calls++;
      return refusing(new FolioClientError("TOO_MANY_SUBSCRIPTIONS", "This connection already has 100 operations open.", []));
    };
    await expect(followDocument(source, "d", () => undefined, { retryDelayMs: 1, maxResubscribes: 2, busy: { retryMs: 1, maxMs: 5 } })).rejects.toMatchObject({
      code: "CONNECTION_LOST",
      message: expect.stringContaining("100 operations open"),
    });
    // 5 waits of the busy budget, then the 2 resubscribes of the ordinary budget.
    expect(calls).toBe(1 + 5 + 2);
  });

  it("does not retry a definite answer such as NOT_FOUND", async () => {
    let calls = 0;
    const source: ProgressSource = () => {
      calls++;
      return refusing(new FolioClientError("NOT_FOUND", "Document not found.", []));
    };
    await expect(followDocument(source, "d", () => undefined, { retryDelayMs: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(calls).toBe(1);
  });
});
