import DataLoader from "dataloader";
import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { auditRequest } from "../audit-request.js";
import type { RetentionOverrides } from "../../audit/audit.read-model.js";
import type { AuditLogEntity } from "../../db/entities/index.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors/app.error.js";
import { effectiveRetentionPolicy, MAX_RETENTION_DAYS, type RetentionPolicy } from "../../retention/retention.service.js";
import { requireAdmin, requireUser, type GraphQLContext } from "../context.js";
import { AuditLogArgs, AuditLogFilter, RetentionPolicyArgs } from "../inputs/audit.input.js";
import { toUserType } from "../mappers.js";
import { UserType } from "../types/account.type.js";
import { AuditLogConnection, AuditLogEntryType, RetentionPolicyType } from "../types/audit.type.js";

const MAX_PAGE = 200;

function toAuditLogEntryType(row: AuditLogEntity): AuditLogEntryType {
  return Object.assign(new AuditLogEntryType(), {
    id: row.id,
    actorUserId: row.actorUserId,
    actorEmail: row.actorEmail,
    apiKeyId: row.apiKeyId,
    apiKeyPrefix: row.apiKeyPrefix,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    detail: row.detail ?? {},
    createdAt: row.createdAt,
  });
}

function toRetentionPolicyType(defaults: RetentionPolicy, user: RetentionOverrides): RetentionPolicyType {
  return Object.assign(new RetentionPolicyType(), {
    ...effectiveRetentionPolicy(defaults, user),
    completedDaysOverride: user.retentionCompletedDays,
    failedDaysOverride: user.retentionFailedDays,
  });
}

function defaultsOf(ctx: GraphQLContext): RetentionPolicy {
  const { completedDays, failedDays } = ctx.services.app.config.retention;
  return { completedDays, failedDays };
}

function checkDays(name: string, value: number | null): void {
  if (value !== null && (!Number.isInteger(value) || value < 0 || value > MAX_RETENTION_DAYS)) {
    throw new ValidationError(`${name} must be between 0 (keep forever) and ${MAX_RETENTION_DAYS}, or null for the default.`);
  }
}

/** One batched look-up of users' retention settings per request (the `users` list asks for many). */
const overrideLoaders = new WeakMap<GraphQLContext, DataLoader<string, RetentionOverrides | null>>();
function overridesLoader(ctx: GraphQLContext): DataLoader<string, RetentionOverrides | null> {
  let loader = overrideLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader((ids: readonly string[]) => ctx.services.reads.audit.retentionOverrides(ids));
    overrideLoaders.set(ctx, loader);
  }
  return loader;
}

/** Admins: the audit log and retention settings. */
@Resolver()
export class AuditResolver {
  @Query(() => AuditLogConnection, {
    description: "Admins: who changed or removed what, newest first, filtered and paged.",
    complexity: ({ args, childComplexity }) => 5 + (Number(args.first) || 50) * childComplexity,
  })
  async auditLog(@Ctx() ctx: GraphQLContext, @Args(() => AuditLogArgs) { filter, first, after }: AuditLogArgs): Promise<AuditLogConnection> {
    requireAdmin(ctx);
    if (first < 1 || first > MAX_PAGE) throw new ValidationError(`first must be between 1 and ${MAX_PAGE}.`);
    const f = filter ?? new AuditLogFilter();
    const page = await ctx.services.reads.audit.page({
      actorUserId: f.actorUserId,
      action: f.action,
      targetType: f.targetType,
      targetId: f.targetId,
      from: f.from,
      to: f.to,
      first,
      after,
    });
    return {
      edges: page.rows.map((r) => ({ cursor: r.cursor, node: toAuditLogEntryType(r.entry) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.rows.at(-1)?.cursor ?? null },
    };
  }

  @Mutation(() => UserType, {
    description: "Admins: set how many days a user's documents are kept (0 = forever); null (or omitted) resets that setting to the global default.",
  })
  async setRetentionPolicy(@Args(() => RetentionPolicyArgs) { userId, completedDays, failedDays }: RetentionPolicyArgs, @Ctx() ctx: GraphQLContext): Promise<UserType> {
    requireAdmin(ctx);
    const completed = completedDays ?? null;
    const failed = failedDays ?? null;
    checkDays("completedDays", completed);
    checkDays("failedDays", failed);
    const { user, previous } = await ctx.services.app.users.setRetention(userId, { completedDays: completed, failedDays: failed });
    await auditRequest(ctx, { action: "retention.set_policy", targetType: "user", targetId: user.id, detail: { completedDays: completed, failedDays: failed, previous } });
    overridesLoader(ctx).prime(user.id, user);
    return toUserType(user);
  }
}

/** `User.retentionPolicy`: the effective policy, for admins and for the user themself. */
@Resolver(() => UserType)
export class UserRetentionResolver {
  @FieldResolver(() => RetentionPolicyType, { description: "How long this user's documents are kept (admins, or the user themself)." })
  async retentionPolicy(@Root() user: UserType, @Ctx() ctx: GraphQLContext): Promise<RetentionPolicyType> {
    const caller = requireUser(ctx);
    if (!caller.isAdmin && caller.id !== user.id) throw new ForbiddenError("Only administrators may see other users' retention policy.");
    const row = await overridesLoader(ctx).load(user.id);
    if (!row) throw new NotFoundError("User");
    return toRetentionPolicyType(defaultsOf(ctx), row);
  }
}
