import type { EventHub } from "../events/event-hub.js";
import type { EventLog } from "../events/event.log.js";
import type { EventPublisher } from "../events/event.publisher.js";
import type { Logger } from "../logging/logger.js";
import type { PipelineRunner } from "../pipeline/runner.js";
import type { DeliveryQueue } from "../destinations/delivery.queue.js";
import type { DocumentQueue } from "../queue/document.queue.js";
import type { SweepRegistry } from "../queue/sweeper.js";
import type { AppContext } from "./app-context.js";

/** Something a part of a component hands back once started: how to stop it. */
export interface Stoppable {
  /** Stop taking work, finish what is in flight (bounded), release connections. */
  stop(): Promise<void>;
}

/** A running component of a Folio process (the API, the worker, a worker extension). */
export interface RunningComponent extends Stoppable {
  name: string;
}

/** What a worker extension may use: the worker's own connections, queues, event hub, sweeper and runner. */
export interface WorkerServices {
  ctx: AppContext;
  runner: PipelineRunner;
  publisher: EventPublisher;
  /** The worker's event log: every state change goes through it (with the hooks the worker registered). */
  events: EventLog;
  /** The events of every document, from the worker's one Redis subscription. */
  hub: EventHub;
  /** Where periodic repairs are scheduled; stopped with the worker. */
  sweeper: SweepRegistry;
  documents: DocumentQueue;
  deliveries: DeliveryQueue;
  logger: Logger;
}

/**
 * Something a worker process runs besides the document pipeline (metrics
 * endpoint, retention, webhook sender, delivery steps). Started after the
 * pipeline worker, stopped before it, in reverse order.
 */
export interface WorkerExtension {
  name: string;
  start(services: WorkerServices): Promise<Stoppable>;
}
