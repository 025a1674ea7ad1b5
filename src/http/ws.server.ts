import type { DataSource } from "typeorm";
import { randomUUID } from "node:crypto";
import type http from "node:http";
import { GraphQLError, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import type { SubscribePayload } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import type { Redis } from "ioredis";
import { WebSocketServer, type WebSocket } from "ws";
import type { GraphQLContext } from "../graphql/context.js";
import type { SubscriptionLimits } from "../graphql/subscription-limits.js";
import { selectionKey, SubscriptionResultCache } from "../graphql/subscription-result.cache.js";
import type { OperationChecks } from "../graphql/validation.js";
import type { Logger } from "../logging/logger.js";
import { getMetrics } from "../metrics/registry.js";
import type { SweepRegistry } from "../queue/sweeper.js";
import { WsDelivery } from "./ws.delivery.js";
import { WsHeartbeat } from "./ws.heartbeat.js";
import { judgeSession, WS_CLOSE, WsSessionGuard, type WsSession } from "./ws.sessions.js";

/** What graphql-ws keeps per socket for us (a type alias: graphql-ws wants an indexable record). */
type SocketExtra = {
  socket: WebSocket;
  /** The Authorization value presented at connection, verified again for every operation. */
  authorization?: string;
  session?: WsSession;
};

/** The running graphql-ws endpoint. */
export interface RunningGraphQLWebSocket {
  guard: WsSessionGuard;
  /** Direct event delivery (slow-consumer drops), for tests. */
  delivery: WsDelivery;
  /** Shared results per event (executions), for tests and metrics. */
  results: SubscriptionResultCache;
  /** Close every socket and stop listening. */
  dispose(): Promise<void>;
}

/** How often every open socket is re-checked even without a notice (lost pub/sub messages). */
const DEFAULT_SWEEP_MS = 30_000;
/** How often every socket is pinged; one that has not answered by the next ping is terminated (graphql-ws's default period). */
const HEARTBEAT_MS = 12_000;
/** Default bound on a socket's unsent bytes (WS_SEND_BUFFER_LIMIT_BYTES). */
const DEFAULT_SEND_BUFFER_LIMIT = 1024 * 1024;

const refusal = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });
const isRefusal = (prepared: ExecutionArgs | readonly GraphQLError[]): prepared is readonly GraphQLError[] => Array.isArray(prepared);

/**
 * graphql-ws on `path` of `httpServer`: subscriptions only (queries and
 * mutations go over HTTP, where every other check runs). The key is verified
 * at connection and again, with the user reloaded, for every operation; every
 * operation passes the same {@link OperationChecks} as over HTTP; sockets are
 * closed with 4401/4403 as soon as their rights shrink.
 */
export async function startGraphQLWebSocket(options: {
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  checks: OperationChecks;
  /** The database, for re-checking open sessions' keys. */
  dataSource: DataSource;
  /** Resolve an Authorization value to a context; throws for a presented but bad key. */
  authenticate(authorization: unknown, requestId: string): Promise<GraphQLContext>;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  /** A Redis connection in subscriber mode (shared with the event hub). */
  subscriber: Redis;
  /** Where the periodic session re-check is scheduled. */
  sweeper: SweepRegistry;
  /** QUEUE_PREFIX: names the access-change channel. */
  prefix: string;
  logger: Logger;
  sweepIntervalMs?: number;
  /** Caps on operations open per socket and per key (TOO_MANY_SUBSCRIPTIONS). */
  subscriptionLimits?: SubscriptionLimits;
  /** Unsent bytes a socket may hold before it is closed as a slow consumer (4420 SLOW_CONSUMER). */
  sendBufferLimitBytes?: number;
}): Promise<RunningGraphQLWebSocket> {
  const { schema, checks, formatError, logger } = options;
  const guard = new WsSessionGuard({
    dataSource: options.dataSource,
    subscriber: options.subscriber,
    sweeper: options.sweeper,
    prefix: options.prefix,
    logger,
    sweepIntervalMs: options.sweepIntervalMs ?? DEFAULT_SWEEP_MS,
  });
  await guard.start();

  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: 1024 * 1024 });
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON(), e));
  const results = new SubscriptionResultCache(format);
  const delivery = new WsDelivery({
    cache: results,
    sendBufferLimitBytes: options.sendBufferLimitBytes ?? DEFAULT_SEND_BUFFER_LIMIT,
    logger,
    onSlowConsumer: () => getMetrics().wsSlowConsumerDrops.inc(),
  });
  const heartbeat = new WsHeartbeat(() => wsServer.clients);
  heartbeat.schedule(options.sweeper, HEARTBEAT_MS);
  wsServer.on("connection", (socket) => heartbeat.watch(socket));

  /** The checks every operation passes, then its execution arguments (events delivered by `delivery`), or the errors to refuse it with. */
  const prepare = async (fresh: GraphQLContext, socket: WebSocket, id: string, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    const checked = await checks.check({ query: payload.query, operationName: payload.operationName, variables: payload.variables });
    if (!checked.ok) return checked.errors;
    if (checked.operation.operation !== "subscription") {
      return [refusal(`Only subscriptions are accepted over WebSocket; send ${checked.operation.operation === "query" ? "queries" : "mutations"} over HTTP (POST /graphql).`, "OPERATION_NOT_ALLOWED")];
    }
    const contextValue: GraphQLContext = fresh;
    const viewer = { userId: fresh.user!.id, isAdmin: fresh.user!.isAdmin };
    const key = selectionKey({ query: payload.query, operationName: payload.operationName, document: checked.document, variables: payload.variables, viewer });
    delivery.register(contextValue, { socket, id, key });
    return { schema, document: checked.document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
  };

  const cleanup = useServer<Record<string, unknown>, SocketExtra>(
    {
      schema,
      // Events are written by `delivery`, once serialised for all subscribers of a selection; see WsDelivery.
      subscribe: delivery.subscribe,
      onConnect: async (wsCtx) => {
        const params = wsCtx.connectionParams ?? {};
        const authorization = params.authorization ?? params.Authorization;
        let context: GraphQLContext;
        try {
          context = await options.authenticate(authorization, randomUUID());
        } catch (error) {
          logger.debug({ err: error }, "WebSocket connection refused");
          wsCtx.extra.socket.close(WS_CLOSE.UNAUTHENTICATED.code, WS_CLOSE.UNAUTHENTICATED.reason);
          return false;
        }
        if (!context.user || !context.apiKey || typeof authorization !== "string") {
          wsCtx.extra.socket.close(WS_CLOSE.UNAUTHENTICATED.code, WS_CLOSE.UNAUTHENTICATED.reason);
          return false;
        }
        // Closed (or terminated by the heartbeat) while the key was checked: onClose may have run already,
        // and whatever were registered now would never be removed.
        if (wsCtx.extra.socket.readyState !== wsCtx.extra.socket.OPEN) return false;
        const session: WsSession = { keyId: context.apiKey.id, userId: context.user.id, isAdmin: context.user.isAdmin };
        Object.assign(wsCtx.extra, { authorization, session });
        guard.add(wsCtx.extra.socket, session);
        options.subscriptionLimits?.register(session.keyId, wsCtx);
        wsCtx.extra.socket.once("close", () => guard.remove(wsCtx.extra.socket));
        return true;
      },
      onSubscribe: async (wsCtx, id, payload) => {
        const { socket, authorization, session } = wsCtx.extra;
        if (!authorization || !session) return [refusal("Not connected.", "UNAUTHENTICATED")];
        // Rights may have changed since the connection (or the last operation): authenticate again, with the user reloaded.
        const fresh = await options.authenticate(authorization, randomUUID()).catch(() => null);
        const verdict = judgeSession(session, fresh?.user && fresh.apiKey?.id === session.keyId ? { revokedAt: null, user: fresh.user } : null);
        if (!fresh || verdict !== "ok") {
          guard.end(socket, verdict);
          return [verdict === "forbidden" ? refusal("Your rights have changed; reconnect.", "FORBIDDEN") : refusal("The API key is revoked or its user is gone.", "UNAUTHENTICATED")];
        }
        session.isAdmin = session.isAdmin || fresh.user!.isAdmin;

        const limits = options.subscriptionLimits;
        const overLimit = limits?.admit(wsCtx, payload);
        if (overLimit) return overLimit;
        // Admitted: from here every way out but running the operation gives its place back (running ends in onComplete or onClose).
        try {
          const prepared = await prepare(fresh, socket, id, payload);
          if (isRefusal(prepared)) limits?.release(wsCtx, payload);
          return prepared;
        } catch (error) {
          limits?.release(wsCtx, payload);
          throw error;
        }
      },
      onComplete: (wsCtx, _id, payload) => {
        options.subscriptionLimits?.release(wsCtx, payload);
      },
      onClose: (wsCtx) => {
        options.subscriptionLimits?.unregister(wsCtx);
      },
      // graphql-ws sends errors as they are; give them the same codes and redaction as HTTP responses.
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wsServer,
    // No per-socket keep-alive timers: `heartbeat` pings every socket from one sweep.
    0,
  );

  return {
    guard,
    delivery,
    results,
    async dispose() {
      await guard.close();
      await cleanup.dispose();
    },
  };
}
