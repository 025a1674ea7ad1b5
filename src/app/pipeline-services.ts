import type { AppContext } from "./app-context.js";
import { SecretBox } from "../auth/secret-box.js";
import { DocumentIntake } from "../documents/document.intake.js";
import { DirectUploadService } from "../documents/direct-upload.service.js";
import { observeIntake, observeOperations } from "../metrics/pipeline-metrics.js";
import { RedisEventPublisher } from "../events/event.publisher.js";
import { DocumentOperations } from "../documents/document.operations.js";
import { LearningRepository } from "../documents/learning.repository.js";
import type { CorrectionListener } from "../documents/correction.listener.js";
import { CorrectionService } from "../documents/correction.service.js";
import { maxResultBytes } from "../documents/result.layout.js";
import { createDocumentQueue, type DocumentQueue } from "../queue/document.queue.js";
import { createDeliveryQueue, type DeliveryQueue } from "../destinations/delivery.queue.js";
import { createRedis, requestPathRedisOptions } from "../redis/redis.connection.js";
import { createEventLog, type EventLog } from "../events/event.log.js";
import { webhookOutboxHook, webhookScope } from "../webhooks/outbox.js";

/** The producer side of the pipeline: what the API and the CLI use to submit and steer documents. */
export interface PipelineServices {
  queue: DocumentQueue;
  intake: DocumentIntake;
  /** Presigned direct uploads (s3 driver); DIRECT_UPLOAD_UNSUPPORTED otherwise. */
  directUploads: DirectUploadService;
  operations: DocumentOperations;
  /** People's corrections of completed documents. */
  corrections: CorrectionService;
  publisher: RedisEventPublisher;
  /** The event log every state change of this process goes through (the webhook outbox is its hook). */
  events: EventLog;
  /** The deliveries queue, for retrying a delivery step. */
  deliveries: DeliveryQueue;
  /** What corrections taught: the correction listener, and the owner's list/forget of it. */
  learning: LearningRepository;
  close(): Promise<void>;
}

/** What the producer side may be wired with beyond the context. */
export interface PipelineServicesOptions {
  /** Told after each correction commits (learning from corrections); none by default. */
  correctionListener?: CorrectionListener;
}

/** Wire the producer side from a connected context. */
export function createPipelineServices(ctx: AppContext, options: PipelineServicesOptions = {}): PipelineServices {
  // Publishing after a commit is on the request path: a Redis outage must not hold the answer (subscribers replay from the log).
  const redis = createRedis(ctx.config.redisUrl, { name: "producer", logger: ctx.logger, extra: requestPathRedisOptions() });
  const publisher = new RedisEventPublisher(redis, ctx.config.queue.prefix, ctx.logger);
  const queue = createDocumentQueue(ctx.config);
  const deliveries = createDeliveryQueue(ctx.config);
  const events = createEventLog({ dataSource: ctx.dataSource, publisher, hooks: [webhookOutboxHook(webhookScope(queue))] });
  const secrets = new SecretBox(ctx.config.signingSecret);
  // The metrics observer hears of every new document (folio_documents_submitted_total) and every cancellation.
  const intake = observeIntake(new DocumentIntake({ dataSource: ctx.dataSource, store: ctx.store, events, queue, logger: ctx.logger, maxUploadBytes: ctx.config.maxUploadBytes, secrets }));
  // What corrections teach: the listener of the correction service and the owner's list/forget.
  const learning = new LearningRepository(ctx.dataSource);
  return {
    queue,
    publisher,
    events,
    deliveries,
    intake,
    learning,
    directUploads: new DirectUploadService({
      dataSource: ctx.dataSource,
      store: ctx.store,
      intake,
      secrets,
      maxUploadBytes: ctx.config.maxUploadBytes,
      ttlSeconds: ctx.config.directUploadTtlSeconds,
      maxPendingPerUser: ctx.config.quotas.maxPendingUploadsPerUser,
    }),
    operations: observeOperations(new DocumentOperations({ dataSource: ctx.dataSource, events, queue, store: ctx.store })),
    corrections: new CorrectionService({
      events,
      store: ctx.store,
      maxResultBytes: maxResultBytes(ctx.config.limits.maxTextChars),
      logger: ctx.logger.child({ component: "corrections" }),
      // What corrections teach: learning hears of each one after it commits, unless the caller wires another listener.
      listener: options.correctionListener ?? learning,
    }),
    async close() {
      await queue.close();
      await deliveries.close();
      redis.disconnect();
    },
  };
}
