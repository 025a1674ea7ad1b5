import type { ApolloServerPlugin } from "@apollo/server";
import { requestErrorStatus } from "./errors.js";

/**
 * Give a request that failed before execution (errors, no `data`) the HTTP
 * status of its error code. Apollo answers 500 for any error a plugin throws
 * while resolving an operation, client mistakes included (QUERY_TOO_COMPLEX,
 * NUL in the input, rate limits); with this plugin those get their code's
 * status (400, 429, …) like graphql-js's own validation errors, and only
 * errors without a known client code keep 500. Statuses Apollo chose itself
 * for other reasons (400, 415, 200 for persisted-query misses) are kept.
 * A request whose every error says a dependency is unavailable answers 503,
 * also when it failed during execution (`data: null`, e.g. an upload during a
 * database outage), so load balancers and clients see "retry later".
 */
export function errorStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const { errors, data } = response.body.singleResult;
          if (!errors?.length || (data !== undefined && data !== null)) return;
          const statuses = errors.map((e) => requestErrorStatus(e.extensions?.code));
          if (statuses.some((s) => s === null)) return;
          if (data === null && statuses.some((s) => s !== 503)) return;
          if (response.http.status === undefined || response.http.status === 500) response.http.status = statuses[0]!;
        },
      };
    },
  };
}
