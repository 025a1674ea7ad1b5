import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { ValidationError } from "../../errors/app.error.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { StatsRange } from "../inputs/account.input.js";
import { ProcessingStats } from "../types/stats.type.js";

const DAY_MS = 86_400_000;

/** Aggregates for dashboards and operators. */
@Resolver()
export class StatsResolver {
  @Query(() => ProcessingStats, { description: "Counts by status and type, step durations (median, p95) and failures by code, for documents created in the range (yours; admins: all)." })
  async processingStats(@Ctx() ctx: GraphQLContext, @Arg("range", () => StatsRange, { nullable: true }) range: StatsRange | null): Promise<ProcessingStats> {
    const user = requireUser(ctx);
    await ctx.services.rateLimits.consumeQuery(requireUser(ctx).id);
    const to = range?.to ?? new Date();
    const from = range?.from ?? new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) throw new ValidationError("`from` must be before `to`.");
    const stats = await ctx.services.reads.stats.processingStats({ from, to, ownerId: user.isAdmin ? null : user.id });
    return { from, to, ...stats };
  }
}
