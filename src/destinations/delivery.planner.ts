import type { EntityManager } from "typeorm";
import { DestinationEntity } from "../db/entities/index.js";
import type { DeliveryPlanner } from "../pipeline/delivery.port.js";
import { enqueueDeliveries, type DeliveryQueue } from "./delivery.queue.js";

/**
 * The runner's {@link DeliveryPlanner}: every active destination of the owner,
 * oldest first, becomes a delivery step of the completed document; the jobs go
 * on the deliveries queue after the commit.
 */
export function destinationDeliveryPlanner(queue: DeliveryQueue): DeliveryPlanner {
  return {
    async plan(tx: EntityManager, ownerId: string): Promise<string[]> {
      const destinations = await tx.find(DestinationEntity, { where: { userId: ownerId, active: true }, order: { createdAt: "ASC" } });
      return destinations.map((d) => d.name);
    },
    enqueue: (documentId, destinations) => enqueueDeliveries(queue, documentId, destinations),
  };
}
