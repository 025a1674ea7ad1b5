import type { EntityManager } from "typeorm";

/**
 * How the runner learns which delivery steps a completed document gets,
 * without knowing what a destination is (implemented in `destinations/`).
 */
export interface DeliveryPlanner {
  /** The destinations (by name) a document of `ownerId` is delivered to, read inside the completing transaction. */
  plan(tx: EntityManager, ownerId: string): Promise<string[]>;
  /** Queue the deliveries after the commit; a sweeper catches any this misses. */
  enqueue(documentId: string, destinations: readonly string[]): Promise<void>;
}
