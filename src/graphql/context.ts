import DataLoader from "dataloader";
import type { ApiKeyService } from "../auth/api-key.service.js";
import type { Config } from "../config/env.js";
import type { DirectUploadService } from "../documents/direct-upload.service.js";
import type { DocumentIntake } from "../documents/document.intake.js";
import type { DocumentOperations } from "../documents/document.operations.js";
import type { LearningRepository } from "../documents/learning.repository.js";
import type { CorrectionService } from "../documents/correction.service.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { UserService } from "../users/user.service.js";
import type { AuditReadModel } from "../audit/audit.read-model.js";
import type { AuditEntry } from "../audit/audit.service.js";
import type { ApiKeyEntity, DocumentEntity, DocumentPageEntity, FieldCorrectionEntity, ProcessingStepEntity, UserEntity } from "../db/entities/index.js";
import type { DestinationReadModel } from "../destinations/destination.read-model.js";
import type { DestinationService } from "../destinations/destination.service.js";
import type { DocumentReadModel } from "../documents/document.read-model.js";
import type { StatsReadModel } from "../documents/stats.read-model.js";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../errors/app.error.js";
import type { EventHub } from "../events/event-hub.js";
import type { EventReadModel } from "../events/event.read-model.js";
import type { Logger } from "../logging/logger.js";
import type { WebhookReadModel } from "../webhooks/webhook.read-model.js";
import type { WebhookService } from "../webhooks/webhook.service.js";
import type { RateLimits } from "./rate-limit.js";

/**
 * What resolvers read, each read model beside the module that owns the data.
 * Resolvers hold no queries of their own: they check access, call these and map.
 */
export interface ReadModels {
  documents: DocumentReadModel;
  stats: StatsReadModel;
  events: EventReadModel;
  audit: AuditReadModel;
  webhooks: WebhookReadModel;
  destinations: DestinationReadModel;
}

/** The feature services whose commands resolvers call (besides the pipeline's). */
export interface ApiCommands {
  webhooks: WebhookService;
  destinations: DestinationService;
  /** Record an audit entry after the change it describes. */
  audit: { record(entry: AuditEntry): Promise<unknown> };
  /** Send a completed document to one destination again (only that delivery step runs). */
  retryDelivery(documentId: string, destination: string): Promise<void>;
}

/**
 * The process-wide parts resolvers use, declared here by what GraphQL needs (not by how app/
 * builds them) so graphql/ never imports the layer that wires it; app/'s context satisfies it.
 */
export interface ApiAppServices {
  config: Config;
  store: ObjectStore;
  users: UserService;
  apiKeys: ApiKeyService;
}

/** The producer side of the pipeline that mutations steer. */
export interface ApiPipelineServices {
  intake: DocumentIntake;
  directUploads: DirectUploadService;
  operations: DocumentOperations;
  /** What corrections taught: list and forget. */
  learning: Pick<LearningRepository, "learnedIssuers" | "forget">;
  corrections: CorrectionService;
}

/** The long-lived services every request shares, built once per process. */
export interface ApiServices {
  app: ApiAppServices;
  pipeline: ApiPipelineServices;
  hub: EventHub;
  rateLimits: RateLimits;
  reads: ReadModels;
  commands: ApiCommands;
}

/** Per-request loaders: each batches its look-ups into one query per tick. */
export interface Loaders {
  stepsByDocument: DataLoader<string, ProcessingStepEntity[]>;
  pagesByDocument: DataLoader<string, DocumentPageEntity[]>;
  typeCorrectionByDocument: DataLoader<string, FieldCorrectionEntity | null>;
}

/** The context of one GraphQL operation. */
export interface GraphQLContext {
  services: ApiServices;
  user: UserEntity | null;
  apiKey: ApiKeyEntity | null;
  requestId: string;
  logger: Logger;
  loaders: Loaders;
}

/** Build the loaders for one request. */
export function createLoaders(services: ApiServices): Loaders {
  return {
    stepsByDocument: new DataLoader((ids: readonly string[]) => services.reads.documents.stepsOf(ids)),
    pagesByDocument: new DataLoader((ids: readonly string[]) => services.reads.documents.pagesOf(ids)),
    typeCorrectionByDocument: new DataLoader((ids: readonly string[]) => services.reads.documents.typeCorrectionsOf(ids)),
  };
}

/** The caller, or UNAUTHENTICATED. */
export function requireUser(ctx: GraphQLContext): UserEntity {
  if (!ctx.user) throw new UnauthenticatedError("Send an API key as `Authorization: Bearer <key>`.");
  return ctx.user;
}

/** The caller when an administrator, else FORBIDDEN. */
export function requireAdmin(ctx: GraphQLContext): UserEntity {
  const user = requireUser(ctx);
  if (!user.isAdmin) throw new ForbiddenError("Only administrators may do this.");
  return user;
}

/**
 * A document the caller may see: their own, or any for an admin. Another
 * user's document is NOT_FOUND, exactly like a missing one, so ids of other
 * people's documents cannot be probed.
 */
export async function loadOwnDocument(ctx: GraphQLContext, id: string): Promise<DocumentEntity> {
  const user = requireUser(ctx);
  const doc = await ctx.services.reads.documents.find(id);
  if (!doc || (doc.ownerId !== user.id && !user.isAdmin)) throw new NotFoundError("Document");
  return doc;
}
