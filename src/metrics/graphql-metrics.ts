import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { getMetrics } from "./registry.js";

/**
 * An Apollo plugin that times every GraphQL HTTP request into
 * `folio_graphql_request_duration_seconds{operation, outcome}`. The operation
 * label is the name of the operation that ran ("anonymous" when it has none);
 * the number of distinct names is capped (see `operationLabel`). The outcome is
 * "error" when the response carries any error, else "success".
 * Requests rejected before Apollo builds a context (a wrong API key) are not seen.
 */
export function graphqlMetricsPlugin<TContext extends BaseContext = BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart(started) {
      const startedAt = process.hrtime.bigint();
      let failed = false;
      return {
        async didEncounterErrors() {
          failed = true;
        },
        async willSendResponse(ctx) {
          const body = ctx.response.body;
          const errors = body.kind === "single" ? body.singleResult.errors : body.initialResult.errors;
          if (errors && errors.length > 0) failed = true;
          // The name of the operation that was resolved; a name the client sent that resolved to nothing only counts when well-formed.
          const name = ctx.operationName ?? started.request.operationName ?? null;
          const m = getMetrics();
          const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
          m.graphqlDuration.observe({ operation: m.operationLabel(name), outcome: failed ? "error" : "success" }, seconds);
        },
      };
    },
  };
}
