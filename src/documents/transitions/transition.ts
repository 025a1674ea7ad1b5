import type { EntityManager } from "typeorm";
import { ProcessingStepEntity, StepStatus } from "../../db/entities/index.js";
import type { LoggedWork, NewEvent } from "../../events/event.log.js";
import { STEP_NAMES } from "../step.names.js";

/**
 * What a transition returns: the events it appends (the caller's
 * `EventLog.transact` appends them in the same transaction) and its result.
 */
export type Transition<T> = LoggedWork<T>;

/** A transition's result with its events (none by default: nothing changed). */
export function transition<T>(value: T, events: readonly NewEvent[] = []): Transition<T> {
  return { events, value };
}

/** The transaction a transition runs in; it holds the document's row lock (or created the row). */
export type Tx = EntityManager;

/** Write the pipeline step rows a document needs, PENDING (idempotent: existing rows are left alone). */
export async function ensureSteps(tx: Tx, documentId: string): Promise<void> {
  await tx
    .createQueryBuilder()
    .insert()
    .into(ProcessingStepEntity)
    .values(STEP_NAMES.map((name, i) => ({ documentId, name, position: i + 1, status: StepStatus.PENDING })))
    .orIgnore()
    .execute();
}
