import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { auditRequest } from "../audit-request.js";
import type { WebhookDeliveryAttemptEntity, WebhookDeliveryEntity, WebhookEntity } from "../../db/entities/index.js";
import { WEBHOOK_EVENTS } from "../../webhooks/events.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { IdArgs } from "../inputs/id.args.js";
import { CreateWebhookInput, UpdateWebhookArgs, WebhookDeliveriesArgs } from "../inputs/webhook.input.js";
import { WebhookDeliveryAttemptType, WebhookDeliveryType, WebhookType, WebhookWithSecret } from "../types/webhook.type.js";

/*
 * Entities → GraphQL types, field by field (as in ../mappers.ts), so the sealed
 * secret can never reach a response.
 */
function toWebhookType(hook: WebhookEntity): WebhookType {
  return Object.assign(new WebhookType(), {
    id: hook.id,
    url: hook.url,
    events: hook.events,
    description: hook.description,
    active: hook.active,
    createdAt: hook.createdAt,
    updatedAt: hook.updatedAt,
  });
}

function toAttemptType(a: WebhookDeliveryAttemptEntity): WebhookDeliveryAttemptType {
  return Object.assign(new WebhookDeliveryAttemptType(), {
    attempt: a.attempt,
    statusCode: a.statusCode,
    latencyMs: a.latencyMs,
    responseExcerpt: a.responseExcerpt,
    error: a.error,
    nextRetryAt: a.nextRetryAt,
    createdAt: a.createdAt,
  });
}

function toDeliveryType(d: WebhookDeliveryEntity, attempts: readonly WebhookDeliveryAttemptEntity[]): WebhookDeliveryType {
  return Object.assign(new WebhookDeliveryType(), {
    id: d.id,
    webhookId: d.webhookId,
    documentId: d.documentId,
    event: d.event,
    status: d.status,
    attemptCount: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    payload: d.payload,
    attempts: attempts.map(toAttemptType),
    createdAt: d.createdAt,
    completedAt: d.completedAt,
  });
}

/** The caller's webhooks and their delivery log. Only your own: another user's webhook is NOT_FOUND, admins included. */
@Resolver()
export class WebhookResolver {
  @Query(() => [String], { description: "The events a webhook can subscribe to." })
  webhookEvents(): string[] {
    return [...WEBHOOK_EVENTS];
  }

  @Query(() => [WebhookType], { description: "Your webhooks." })
  async webhooks(@Ctx() ctx: GraphQLContext): Promise<WebhookType[]> {
    return (await ctx.services.reads.webhooks.list(requireUser(ctx).id)).map(toWebhookType);
  }

  @Mutation(() => WebhookWithSecret, { description: "Register a webhook; its signing secret is returned only here. WEBHOOK_URL_FORBIDDEN for a non-public address." })
  async createWebhook(@Arg("input", () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() ctx: GraphQLContext): Promise<WebhookWithSecret> {
    const { webhook, secret } = await ctx.services.commands.webhooks.create(requireUser(ctx).id, input);
    await auditRequest(ctx, { action: "webhook.create", targetType: "webhook", targetId: webhook.id, detail: { url: webhook.url, events: webhook.events } });
    return { webhook: toWebhookType(webhook), secret };
  }

  @Mutation(() => WebhookType, { description: "Change a webhook's URL, events, description or active flag." })
  async updateWebhook(@Args(() => UpdateWebhookArgs) { id, input }: UpdateWebhookArgs, @Ctx() ctx: GraphQLContext): Promise<WebhookType> {
    const updated = await ctx.services.commands.webhooks.update(requireUser(ctx).id, id, input);
    await auditRequest(ctx, { action: "webhook.update", targetType: "webhook", targetId: updated.id, detail: { url: updated.url, events: updated.events, active: updated.active } });
    return toWebhookType(updated);
  }

  @Mutation(() => ID, { description: "Delete a webhook with its delivery log. Returns the id." })
  async deleteWebhook(@Args(() => IdArgs) { id }: IdArgs, @Ctx() ctx: GraphQLContext): Promise<string> {
    const deleted = await ctx.services.commands.webhooks.delete(requireUser(ctx).id, id);
    await auditRequest(ctx, { action: "webhook.delete", targetType: "webhook", targetId: deleted });
    return deleted;
  }

  @Mutation(() => WebhookWithSecret, { description: "Replace a webhook's signing secret; the new one is returned only here." })
  async rotateWebhookSecret(@Args(() => IdArgs) { id }: IdArgs, @Ctx() ctx: GraphQLContext): Promise<WebhookWithSecret> {
    const { webhook, secret } = await ctx.services.commands.webhooks.rotateSecret(requireUser(ctx).id, id);
    await auditRequest(ctx, { action: "webhook.rotate_secret", targetType: "webhook", targetId: webhook.id });
    return { webhook: toWebhookType(webhook), secret };
  }

  @Query(() => [WebhookDeliveryType], { description: "A webhook's newest deliveries (at most 100), each with its attempts." })
  async webhookDeliveries(@Args(() => WebhookDeliveriesArgs) { webhookId, first }: WebhookDeliveriesArgs, @Ctx() ctx: GraphQLContext): Promise<WebhookDeliveryType[]> {
    return (await ctx.services.reads.webhooks.deliveries(requireUser(ctx).id, webhookId, first)).map((d) => toDeliveryType(d.delivery, d.attempts));
  }

  @Mutation(() => WebhookDeliveryType, { description: "Send a delivery's payload again, as a new delivery (new id; the body's `redeliveryOf` names the original)." })
  async redeliverWebhook(@Arg("deliveryId", () => ID) deliveryId: string, @Ctx() ctx: GraphQLContext): Promise<WebhookDeliveryType> {
    const delivery = await ctx.services.commands.webhooks.redeliver(requireUser(ctx).id, deliveryId);
    await auditRequest(ctx, { action: "webhook.redeliver", targetType: "webhook_delivery", targetId: delivery.id, detail: { original: deliveryId } });
    return toDeliveryType(delivery, []);
  }
}
