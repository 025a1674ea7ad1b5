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
    const owner = user.isAdmin ? null : user.id;
    const db = ctx.services.app.dataSource;
    const scope = `d.created_at >= $1 AND d.created_at < $2 AND ($3::uuid IS NULL OR d.owner_id = $3)`;
    const params = [from, to, owner];
    const count = (sql: string) => db.query(sql, params) as Promise<{ key: string; count: number }[]>;
    const [byStatus, byType, failures, steps] = await Promise.all([
      count(`SELECT d.status::text AS key, count(*)::int AS count FROM documents d WHERE ${scope} GROUP BY 1 ORDER BY 2 DESC, 1`),
      count(`SELECT coalesce(d.document_type, 'unknown') AS key, count(*)::int AS count FROM documents d WHERE ${scope} GROUP BY 1 ORDER BY 2 DESC, 1`),
      count(`SELECT d.error_code AS key, count(*)::int AS count FROM documents d WHERE ${scope} AND d.status = 'FAILED' GROUP BY 1 ORDER BY 2 DESC, 1`),
      db.query(
        `SELECT s.name AS step, count(*)::int AS count,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY s.duration_ms) AS "medianMs",
                percentile_cont(0.95) WITHIN GROUP (ORDER BY s.duration_ms) AS "p95Ms"
           FROM processing_steps s JOIN documents d ON d.id = s.document_id
          WHERE ${scope} AND s.duration_ms IS NOT NULL AND s.status IN ('SUCCEEDED', 'SKIPPED', 'FAILED')
          GROUP BY s.name, s.position ORDER BY min(s.position)`,
        params,
      ) as Promise<{ step: string; count: number; medianMs: number | null; p95Ms: number | null }[]>,
    ]);
    return { from, to, total: byStatus.reduce((n, r) => n + r.count, 0), byStatus, byType, failures, steps };
  }
}
