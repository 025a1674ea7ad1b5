/**
 * Fencing of runs. A run takes a lease on its document when it starts: a
 * token of its own and an expiry its worker renews while a step runs. Every
 * transition a run performs checks, under the document's row lock, that the
 * token is still the document's; a run whose lease was taken over (or
 * released) is refused with LEASE_LOST and writes nothing. Another run takes
 * the document over only once the lease has expired, so a slow but live run
 * is never duplicated. Expiry is on the database clock (one clock for every
 * worker).
 */
import { DocumentEntity } from "../../db/entities/index.js";
import { AppError } from "../../errors/app.error.js";
import type { Tx } from "./transition.js";

/** The lease columns of a document row. */
export interface LeaseState {
  runToken: string | null;
  leaseExpiresAt: Date | null;
}

/**
 * What a starting run finds:
 * - `free`: no run holds the document (never run, finished, or handed back): take it;
 * - `held`: another run holds a live lease: leave it alone until `until`;
 * - `expired`: a run held it and its lease ran out without a hand-back — its worker died: take over, counting a death.
 *
 * `handover`: the token of the same job's previous run, which an outage stopped before it could hand the lease
 * back. That lease is the job's own: taken over as `free` (no death), live or expired.
 */
export type LeaseDecision = { kind: "free" } | { kind: "held"; until: Date } | { kind: "expired"; previous: string };

/** Decide what a run starting at `now` (database clock) may do with the document's lease. */
export function decideLease(state: LeaseState, now: Date, handover?: string): LeaseDecision {
  if (state.runToken === null) return { kind: "free" };
  if (handover !== undefined && state.runToken === handover) return { kind: "free" };
  if (state.leaseExpiresAt !== null && state.leaseExpiresAt.getTime() > now.getTime()) return { kind: "held", until: state.leaseExpiresAt };
  return { kind: "expired", previous: state.runToken };
}

/** Whether the run holding `token` still holds the document. Only the token decides: an expired lease nobody took over is still the run's. */
export function holdsLease(state: Pick<LeaseState, "runToken">, token: string): boolean {
  return state.runToken === token;
}

/** Whether a document with `deaths` worker deaths has reached the limit and must fail with WORKER_CRASHED. */
export function crashedTooOften(deaths: number, limit: number): boolean {
  return deaths >= limit;
}

/** The error a run that lost its lease gets from every transition. */
export class LeaseLostError extends AppError {
  constructor(documentId: string, token: string) {
    super("LEASE_LOST", `Run ${token} no longer holds document ${documentId}; another run took it over.`);
  }
}

/** Whether `error` says the run lost its lease. */
export function isLeaseLost(error: unknown): boolean {
  return error instanceof AppError && error.code === "LEASE_LOST";
}

/**
 * Refuse (throw LEASE_LOST, rolling the transaction back) unless the run
 * holding `lease` still holds `doc`. `lease` undefined: the caller is not a
 * run (delivery steps, requests from people), nothing to check.
 */
export function assertLease(doc: Pick<DocumentEntity, "id" | "runToken">, lease: string | undefined): void {
  if (lease !== undefined && !holdsLease(doc, lease)) throw new LeaseLostError(doc.id, lease);
}

/** The database clock, read inside the transaction (one clock for every worker). */
export async function databaseNow(tx: Tx): Promise<Date> {
  const [row] = (await tx.query(`SELECT clock_timestamp() AS now`)) as { now: Date }[];
  return new Date(row!.now);
}

/** Take the lease for `token` until `leaseMs` from now (database clock). */
export async function takeLease(tx: Tx, documentId: string, token: string, leaseMs: number): Promise<void> {
  await tx.query(`UPDATE documents SET run_token = $2, lease_expires_at = clock_timestamp() + $3 * interval '1 millisecond' WHERE id = $1`, [documentId, token, leaseMs]);
}

/** The document columns that give the lease to `token` until `leaseMs` from now (database clock), for an UPDATE the caller makes anyway. */
export function leaseColumns(token: string, leaseMs: number): { runToken: string; leaseExpiresAt: () => string } {
  // A number the worker's config parsed, never input: safe to inline.
  const ms = Math.max(0, Math.floor(Number(leaseMs)));
  return { runToken: token, leaseExpiresAt: () => `clock_timestamp() + ${ms} * interval '1 millisecond'` };
}

/**
 * Extend the lease of the run holding `token` by `leaseMs` from now. Returns
 * false when the run no longer holds it (it must stop). One statement: the
 * row lock it takes is the same one transitions take.
 */
export async function renewLease(tx: Tx, documentId: string, token: string, leaseMs: number): Promise<boolean> {
  const rows = (await tx.query(
    `UPDATE documents SET lease_expires_at = clock_timestamp() + $3 * interval '1 millisecond' WHERE id = $1 AND run_token = $2 RETURNING id`,
    [documentId, token, leaseMs],
  )) as [unknown[], number] | unknown[];
  return leaseRowCount(rows) > 0;
}

/** Hand the document back: the run holding `token` lets go of it (no death is counted). Returns whether it held it. */
export async function releaseLease(tx: Tx, documentId: string, token: string): Promise<boolean> {
  const rows = (await tx.query(`UPDATE documents SET run_token = NULL, lease_expires_at = NULL WHERE id = $1 AND run_token = $2 RETURNING id`, [documentId, token])) as
    | [unknown[], number]
    | unknown[];
  return leaseRowCount(rows) > 0;
}

/** TypeORM's postgres driver returns [rows, count] for UPDATE … RETURNING. */
function leaseRowCount(result: [unknown[], number] | unknown[]): number {
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === "number") return result[1];
  return result.length;
}
