import { DocumentEntity } from "../../db/entities/index.js";
import type { Tx } from "./transition.js";

/**
 * Delete a document with its steps and events (database cascade). The stored
 * objects are the caller's to remove after the commit; announcing the
 * deletion (webhooks) is the event log's `deleting`, in the same transaction.
 * Returns whether the row existed.
 */
export async function remove(tx: Tx, doc: Pick<DocumentEntity, "id">): Promise<boolean> {
  const result = await tx.delete(DocumentEntity, { id: doc.id });
  return (result.affected ?? 0) > 0;
}
