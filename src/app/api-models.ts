import { AuditReadModel } from "../audit/audit.read-model.js";
import { recordAudit } from "../audit/audit.service.js";
import { SecretBox } from "../auth/secret-box.js";
import { retryDelivery } from "../destinations/delivery.operations.js";
import { DestinationReadModel } from "../destinations/destination.read-model.js";
import { DestinationService } from "../destinations/destination.service.js";
import { DocumentReadModel } from "../documents/document.read-model.js";
import { StatsReadModel } from "../documents/stats.read-model.js";
import type { EventHub } from "../events/event-hub.js";
import { EventReadModel } from "../events/event.read-model.js";
import type { ApiCommands, ReadModels } from "../graphql/context.js";
import { webhookScope } from "../webhooks/outbox.js";
import { WebhookReadModel } from "../webhooks/webhook.read-model.js";
import { WebhookService } from "../webhooks/webhook.service.js";
import type { AppContext } from "./app-context.js";
import type { PipelineServices } from "./pipeline-services.js";

/** The read models and feature commands of the API, built once per process (they hold no per-request state). */
export function createApiModels(ctx: AppContext, pipeline: PipelineServices, hub: EventHub): { reads: ReadModels; commands: ApiCommands } {
  const { dataSource, config } = ctx;
  return {
    reads: {
      documents: new DocumentReadModel(dataSource),
      stats: new StatsReadModel(dataSource),
      events: new EventReadModel({ dataSource, hub }),
      audit: new AuditReadModel(dataSource),
      webhooks: new WebhookReadModel(dataSource),
      destinations: new DestinationReadModel(dataSource),
    },
    commands: {
      webhooks: new WebhookService({ dataSource, config, scope: webhookScope(pipeline.queue) }),
      destinations: new DestinationService(dataSource, new SecretBox(config.signingSecret), { maxPerUser: config.quotas.maxDestinationsPerUser }),
      audit: { record: (entry) => recordAudit(dataSource, entry) },
      retryDelivery: (documentId, destination) => retryDelivery({ events: pipeline.events, queue: pipeline.deliveries }, documentId, destination),
    },
  };
}
