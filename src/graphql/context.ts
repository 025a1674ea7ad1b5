import DataLoader from "dataloader";
import { In } from "typeorm";
import type { AppContext } from "../app/app-context.js";
import type { PipelineServices } from "../app/pipeline-services.js";
import type { ApiKeyEntity, UserEntity } from "../db/entities/index.js";
import { DocumentEntity, ProcessingStepEntity } from "../db/entities/index.js";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../errors/app.error.js";
import type { EventHub } from "../events/event-hub.js";
import type { Logger } from "../logging/logger.js";
import type { RateLimits } from "./rate-limit.js";
import { isUuid } from "../common/uuid.js";

/** The long-lived services every request shares. */
export interface ApiServices {
  app: AppContext;
  pipeline: PipelineServices;
  hub: EventHub;
  rateLimits: RateLimits;
}

/** Per-request loaders: each batches its look-ups into one query per tick. */
export interface Loaders {
  stepsByDocument: DataLoader<string, ProcessingStepEntity[]>;
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
  const steps = services.app.dataSource.getRepository(ProcessingStepEntity);
  return {
    stepsByDocument: new DataLoader(async (ids: readonly string[]) => {
      const rows = await steps.find({ where: { documentId: In([...ids]) }, order: { position: "ASC" } });
      const byDoc = new Map<string, ProcessingStepEntity[]>();
      for (const row of rows) (byDoc.get(row.documentId) ?? byDoc.set(row.documentId, []).get(row.documentId)!).push(row);
      return ids.map((id) => byDoc.get(id) ?? []);
    }),
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
  if (!isUuid(id)) throw new NotFoundError("Document");
  const doc = await ctx.services.app.dataSource.getRepository(DocumentEntity).findOneBy({ id });
  if (!doc || (doc.ownerId !== user.id && !user.isAdmin)) throw new NotFoundError("Document");
  return doc;
}
