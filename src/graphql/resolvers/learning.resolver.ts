import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { isUuid } from "../../common/uuid.js";
import { AppError, ValidationError } from "../../errors/app.error.js";
import { auditRequest } from "../audit-request.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { ForgetLearningResult, LearnedIssuerType } from "../types/learning.type.js";

/** Whose learning a request is about: the caller's, or (admins only) `ownerId`'s. */
function ownerOf(ctx: GraphQLContext, ownerId: string | null | undefined): string {
  const user = requireUser(ctx);
  // An omitted argument arrives as undefined, an explicit null as null: both mean the caller.
  if (ownerId === null || ownerId === undefined || ownerId === user.id) return user.id;
  if (!user.isAdmin) throw new AppError("FORBIDDEN", "Only administrators may see or forget other users' learning.");
  if (!isUuid(ownerId)) throw new ValidationError("`ownerId` must be a user id.");
  return ownerId;
}

/** What corrections taught: list it, forget it. */
@Resolver()
export class LearningResolver {
  @Query(() => [LearnedIssuerType], { description: "Issuers your corrections taught Folio where to read fields, most recent first (admins: any user's with ownerId)." })
  async learnedIssuers(@Ctx() ctx: GraphQLContext, @Arg("ownerId", () => ID, { nullable: true }) ownerId: string | null): Promise<LearnedIssuerType[]> {
    const owner = ownerOf(ctx, ownerId);
    await ctx.services.rateLimits.consumeQuery(requireUser(ctx).id);
    return (await ctx.services.pipeline.learning.learnedIssuers(owner)).map((i) => Object.assign(new LearnedIssuerType(), i));
  }

  @Mutation(() => ForgetLearningResult, {
    description: "Forget what corrections taught: about one issuer (issuerKey, as learnedIssuers lists it, or any other key of that issuer), or everything, corrected types included. Admins may pass ownerId.",
  })
  async forgetLearning(
    @Ctx() ctx: GraphQLContext,
    @Arg("issuerKey", () => String, { nullable: true }) key: string | null | undefined,
    @Arg("ownerId", () => ID, { nullable: true }) ownerId: string | null,
  ): Promise<ForgetLearningResult> {
    const owner = ownerOf(ctx, ownerId);
    const issuerKey = key ?? null;
    if (issuerKey !== null && (issuerKey.length === 0 || issuerKey.length > 300)) throw new ValidationError("`issuerKey` must be 1–300 characters.");
    const result = await ctx.services.pipeline.learning.forget(owner, issuerKey);
    await auditRequest(ctx, { action: "learning.forget", targetType: "user", targetId: owner, detail: { issuerKey, ...result } });
    return Object.assign(new ForgetLearningResult(), result);
  }
}
