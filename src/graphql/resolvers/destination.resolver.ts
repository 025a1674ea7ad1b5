import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { auditRequest } from "../audit-request.js";
import type { DestinationEntity } from "../../db/entities/index.js";
import { deliveryStepName } from "../../destinations/destination.service.js";
import { assertAllowedUrl } from "../../outbound/outbound.address.js";
import { loadOwnDocument, requireUser, type GraphQLContext } from "../context.js";
import { RetryDeliveryArgs } from "../inputs/document.args.js";
import { CreateDestinationInput, DestinationActiveArgs } from "../inputs/destination.input.js";
import { IdArgs } from "../inputs/id.args.js";
import { toDocumentType } from "../mappers.js";
import { DestinationKindEnum, DestinationType } from "../types/destination.type.js";
import { DocumentType } from "../types/document.type.js";

function toDestinationType(d: DestinationEntity): DestinationType {
  return Object.assign(new DestinationType(), {
    id: d.id,
    name: d.name,
    kind: d.kind === "s3" ? DestinationKindEnum.S3 : DestinationKindEnum.HTTP,
    settings: d.config,
    active: d.active,
    step: deliveryStepName(d.name),
    createdAt: d.createdAt,
  });
}

/** Delivery destinations: where completed documents' results go, each as its own step. */
@Resolver()
export class DestinationResolver {
  @Query(() => [DestinationType], { description: "Your delivery destinations." })
  async destinations(@Ctx() ctx: GraphQLContext): Promise<DestinationType[]> {
    return (await ctx.services.reads.destinations.list(requireUser(ctx).id)).map(toDestinationType);
  }

  @Mutation(() => DestinationType, { description: "Add a destination; every document that completes from now on is delivered there as step deliver:<name>." })
  async createDestination(@Arg("input", () => CreateDestinationInput) input: CreateDestinationInput, @Ctx() ctx: GraphQLContext): Promise<DestinationType> {
    const user = requireUser(ctx);
    const target = input.kind === DestinationKindEnum.S3 ? input.s3?.endpoint : input.http?.url;
    // The same server-side request forgery rules as webhooks, checked now and again at every delivery.
    if (target) await assertAllowedUrl(target, ctx.services.app.config.webhooks.allowedHosts);
    const created = await ctx.services.commands.destinations.create(user.id, {
      name: input.name,
      kind: input.kind === DestinationKindEnum.S3 ? "s3" : "http",
      s3: input.s3 ? { ...input.s3 } : undefined,
      http: input.http ? { url: input.http.url, authorization: input.http.authorization ?? null } : undefined,
    });
    await auditRequest(ctx, { action: "destination.create", targetType: "destination", targetId: created.id, detail: { name: created.name, kind: created.kind } });
    return toDestinationType(created);
  }

  @Mutation(() => DestinationType, { description: "Turn a destination on or off (off: no new delivery steps)." })
  async setDestinationActive(@Args(() => DestinationActiveArgs) { id, active }: DestinationActiveArgs, @Ctx() ctx: GraphQLContext): Promise<DestinationType> {
    const updated = await ctx.services.commands.destinations.setActive(requireUser(ctx).id, id, active);
    await auditRequest(ctx, { action: "destination.update", targetType: "destination", targetId: id, detail: { active } });
    return toDestinationType(updated);
  }

  @Mutation(() => ID, { description: "Remove a destination. Returns its id." })
  async deleteDestination(@Args(() => IdArgs) { id }: IdArgs, @Ctx() ctx: GraphQLContext): Promise<string> {
    await ctx.services.commands.destinations.delete(requireUser(ctx).id, id);
    await auditRequest(ctx, { action: "destination.delete", targetType: "destination", targetId: id });
    return id;
  }

  @Mutation(() => DocumentType, { description: "Deliver a completed document to one destination again, without re-running extraction." })
  async retryDelivery(@Args(() => RetryDeliveryArgs) { documentId, destination }: RetryDeliveryArgs, @Ctx() ctx: GraphQLContext): Promise<DocumentType> {
    const doc = await loadOwnDocument(ctx, documentId);
    await ctx.services.commands.retryDelivery(doc.id, destination);
    await auditRequest(ctx, { action: "delivery.retry", targetType: "document", targetId: doc.id, detail: { destination } });
    return toDocumentType(await loadOwnDocument(ctx, documentId));
  }
}
