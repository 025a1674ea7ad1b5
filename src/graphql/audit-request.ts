import type { AuditEntry } from "../audit/audit.service.js";
import type { GraphQLContext } from "./context.js";

/** An audit entry without its actor: the actor is the caller of the request. */
export type RequestAuditEntry = Omit<AuditEntry, "actor" | "apiKey">;

/** Record what the caller of this GraphQL operation did, and with which API key (the request id goes into `detail`). */
export async function auditRequest(ctx: GraphQLContext, entry: RequestAuditEntry): Promise<void> {
  await ctx.services.commands.audit.record({ ...entry, actor: ctx.user, apiKey: ctx.apiKey ? { id: ctx.apiKey.id, prefix: ctx.apiKey.prefix } : null, detail: { ...entry.detail, requestId: ctx.requestId } });
}

/** Await an operation, then audit it (described from its result); returns the result. Nothing is recorded when it fails. */
export async function audited<T>(ctx: GraphQLContext, operation: Promise<T>, describe: (value: T) => RequestAuditEntry): Promise<T> {
  const value = await operation;
  await auditRequest(ctx, describe(value));
  return value;
}
