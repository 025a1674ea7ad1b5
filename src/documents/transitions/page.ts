/**
 * Pages of the OCR step: recorded one by one as they finish (partial results,
 * `document.page` events), and — for a document fanned out into page jobs —
 * created PENDING by the document's run, started and finished (or failed) by
 * page jobs on any worker.
 *
 * Fencing: the document's run writes under its lease, as every transition.
 * A page job holds no lease (the document's run has handed it back while it
 * waits for its pages); its writes are fenced instead by the page row: only a
 * PENDING row of the job's own fan-out, of a PROCESSING document, is written,
 * and the first result wins — a page whose job ran twice (a worker thought
 * dead that was not) is recorded exactly once.
 */
import { DocumentEntity, DocumentPageEntity, DocumentStatus, PageStatus, ProcessingStepEntity, StepStatus } from "../../db/entities/index.js";
import type { NewEvent } from "../../events/event.log.js";
import { overallProgress } from "../document.progress.js";
import { assertLease } from "./lease.js";
import { transition, type Transition, type Tx } from "./transition.js";

/** The step pages belong to. */
const OCR_STEP = "ocr";

/** One finished page. */
export interface FinishedPage {
  /** 1-based page number. */
  page: number;
  pageCount: number;
  /** Pages the OCR step reads (the denominator of its progress). */
  pagesTotal: number;
  text: string;
  confidence: number | null;
  /** The page model (words, boxes), kept for the OCR step's merge. */
  model: unknown;
}

/** Pipeline steps that finished, for the overall progress (a page job has no run that knows them). */
async function finishedSteps(tx: Tx, documentId: string): Promise<Set<string>> {
  const rows = await tx.find(ProcessingStepEntity, { where: { documentId }, select: { name: true, status: true } });
  return new Set(rows.filter((r) => r.status === StepStatus.SUCCEEDED || r.status === StepStatus.SKIPPED).map((r) => r.name));
}

/** The page row's new state and its `document.page` event, plus the OCR step's progress. */
async function pageDone(tx: Tx, doc: DocumentEntity, page: FinishedPage, at: Date, fanout: string | null): Promise<NewEvent[]> {
  await tx.query(
    `INSERT INTO document_pages (document_id, page_number, status, fanout, attempts, text, confidence, model, completed_at)
     VALUES ($1, $2, 'DONE', $3, 1, $4, $5, $6, $7)
     ON CONFLICT (document_id, page_number) DO UPDATE
       SET status = 'DONE', text = EXCLUDED.text, confidence = EXCLUDED.confidence, model = EXCLUDED.model, completed_at = EXCLUDED.completed_at, error_code = NULL`,
    [doc.id, page.page, fanout, page.text, page.confidence, JSON.stringify(page.model ?? null), at],
  );
  const [counted] = (await tx.query(`SELECT count(*)::int AS done FROM document_pages WHERE document_id = $1 AND status = 'DONE'`, [doc.id])) as { done: number }[];
  const pagesDone = Math.min(counted?.done ?? 1, page.pagesTotal);
  const fraction = page.pagesTotal > 0 ? pagesDone / page.pagesTotal : 1;
  const progress = Math.max(doc.progress, overallProgress(await finishedSteps(tx, doc.id), { name: OCR_STEP, fraction }));
  await tx.update(DocumentEntity, doc.id, { progress });
  doc.progress = progress;
  const detail = {
    page: page.page,
    pageCount: page.pageCount,
    pagesDone,
    pagesTotal: page.pagesTotal,
    confidence: page.confidence,
    characters: page.text.length,
    fannedOut: fanout !== null,
  };
  const events: NewEvent[] = [
    { type: "document.page", step: OCR_STEP, status: doc.status, progress, stepProgress: fraction, message: `page ${page.page} of ${page.pageCount} read`, detail, at },
  ];
  // The document's own run reports "page n of N" itself; page jobs finish in any order, so their progress counts
  // finished pages — a number that only grows in log order, whichever page finished.
  if (fanout !== null) {
    events.push({ type: "step.progress", step: OCR_STEP, status: StepStatus.IN_PROGRESS, progress, stepProgress: fraction, message: `page ${pagesDone} of ${page.pagesTotal}`, detail: {}, at });
  }
  return events;
}

/**
 * The document's own run (single-job OCR) finished a page: stored, announced.
 * Fenced by the run's lease like every transition of a run.
 */
export async function recordPage(tx: Tx, doc: DocumentEntity, args: { page: FinishedPage; at: Date; lease?: string }): Promise<Transition<boolean>> {
  assertLease(doc, args.lease);
  if (doc.status !== DocumentStatus.PROCESSING) return transition(false);
  return transition(true, await pageDone(tx, doc, args.page, args.at, null));
}

/** What {@link fanOutPages} decided. */
export interface FanOut {
  /** The fan-out's id: the rows' (an earlier run's, when it created them) — page jobs carry it. */
  fanout: string;
  /** Pages still to read, in order. */
  pending: number[];
}

/**
 * The document's run hands `pages` to page jobs: their rows, PENDING, under
 * the fan-out id `fanout` (idempotent: rows an earlier run created keep their
 * id and state, so a run resumed after a death re-queues only unfinished pages).
 */
export async function fanOutPages(tx: Tx, doc: DocumentEntity, args: { pages: readonly number[]; pageCount: number; fanout: string; at: Date; lease?: string }): Promise<Transition<FanOut | null>> {
  assertLease(doc, args.lease);
  if (doc.status !== DocumentStatus.PROCESSING) return transition(null);
  const existing = await tx.find(DocumentPageEntity, { where: { documentId: doc.id }, select: { pageNumber: true, status: true, fanout: true } });
  const known = new Map(existing.map((row) => [row.pageNumber, row]));
  const fresh = args.pages.filter((page) => !known.has(page));
  const fanout = existing.find((row) => row.fanout !== null)?.fanout ?? args.fanout;
  if (fresh.length > 0) {
    await tx.query(
      `INSERT INTO document_pages (document_id, page_number, status, fanout) SELECT $1, page, 'PENDING', $2 FROM unnest($3::int[]) AS page ON CONFLICT DO NOTHING`,
      [doc.id, fanout, fresh],
    );
  }
  // Pages recorded by a single-job run of an earlier attempt (fanout null) and not done join this fan-out.
  await tx.query(`UPDATE document_pages SET fanout = $2 WHERE document_id = $1 AND status = 'PENDING' AND fanout IS DISTINCT FROM $2`, [doc.id, fanout]);
  const pending = args.pages.filter((page) => known.get(page)?.status !== PageStatus.DONE && known.get(page)?.status !== PageStatus.FAILED);
  const events: NewEvent[] =
    fresh.length > 0
      ? [
          {
            type: "step.progress",
            step: OCR_STEP,
            status: StepStatus.IN_PROGRESS,
            progress: doc.progress,
            stepProgress: (args.pages.length - pending.length) / Math.max(1, args.pages.length),
            message: `${pending.length} of ${args.pageCount} page(s) handed to page jobs`,
            detail: {},
            at: args.at,
          },
        ]
      : [];
  return transition({ fanout, pending }, events);
}

/** Why a page job does not read its page. */
export type PageStart = { run: true; attempt: number; sealedPassword: string | null } | { run: false; reason: string };

/**
 * A page job starts reading its page: one more attempt on the row. A row of
 * another fan-out, a finished row, or a document that is no longer PROCESSING
 * is left alone. At `attemptLimit` attempts (deaths included: a dead worker's
 * attempt was counted when it started) the page fails with WORKER_CRASHED.
 */
export async function startPage(tx: Tx, doc: DocumentEntity, args: { page: number; fanout: string; attemptLimit: number; at: Date }): Promise<Transition<PageStart>> {
  if (doc.status !== DocumentStatus.PROCESSING) return transition({ run: false, reason: `document is ${doc.status}` });
  const row = await tx.findOneBy(DocumentPageEntity, { documentId: doc.id, pageNumber: args.page });
  if (!row || row.fanout !== args.fanout) return transition({ run: false, reason: "the page belongs to another fan-out" });
  if (row.status !== PageStatus.PENDING) return transition({ run: false, reason: `the page is ${row.status}` });
  if (row.attempts >= args.attemptLimit) {
    await tx.update(DocumentPageEntity, { documentId: doc.id, pageNumber: args.page }, { status: PageStatus.FAILED, errorCode: "WORKER_CRASHED", completedAt: args.at });
    return transition({ run: false, reason: `the page was started ${row.attempts} time(s) without finishing` });
  }
  await tx.update(DocumentPageEntity, { documentId: doc.id, pageNumber: args.page }, { attempts: row.attempts + 1 });
  const [sealed] = (await tx.query(`SELECT pdf_password_enc FROM documents WHERE id = $1`, [doc.id])) as { pdf_password_enc: string | null }[];
  return transition({ run: true, attempt: row.attempts + 1, sealedPassword: sealed?.pdf_password_enc ?? null });
}

/** A page job finished its page: stored and announced unless the row is no longer its own to write (returns false). */
export async function finishPage(tx: Tx, doc: DocumentEntity, args: { page: FinishedPage; fanout: string; at: Date }): Promise<Transition<boolean>> {
  if (doc.status !== DocumentStatus.PROCESSING) return transition(false);
  const row = await tx.findOneBy(DocumentPageEntity, { documentId: doc.id, pageNumber: args.page.page });
  if (!row || row.fanout !== args.fanout || row.status !== PageStatus.PENDING) return transition(false);
  return transition(true, await pageDone(tx, doc, args.page, args.at, args.fanout));
}

/** A page job gave up on its page (a permanent error, or its last attempt): the OCR step fails with `code` when it resumes. */
export async function failPage(tx: Tx, doc: DocumentEntity, args: { page: number; fanout: string; code: string; at: Date }): Promise<Transition<boolean>> {
  const row = await tx.findOneBy(DocumentPageEntity, { documentId: doc.id, pageNumber: args.page });
  if (!row || row.fanout !== args.fanout || row.status !== PageStatus.PENDING) return transition(false);
  await tx.update(DocumentPageEntity, { documentId: doc.id, pageNumber: args.page }, { status: PageStatus.FAILED, errorCode: args.code, completedAt: args.at });
  return transition(true);
}

/**
 * Take back the start of a page job cut off by a dependency outage (storage, Redis): waiting out an outage
 * spends none of the page's attempts, as for document jobs. Best effort: with PostgreSQL itself away, the
 * start stays counted.
 */
export async function unstartPage(tx: Tx, doc: DocumentEntity, args: { page: number; fanout: string }): Promise<Transition<boolean>> {
  const row = await tx.findOneBy(DocumentPageEntity, { documentId: doc.id, pageNumber: args.page });
  if (!row || row.fanout !== args.fanout || row.status !== PageStatus.PENDING || row.attempts === 0) return transition(false);
  await tx.update(DocumentPageEntity, { documentId: doc.id, pageNumber: args.page }, { attempts: row.attempts - 1 });
  return transition(true);
}
