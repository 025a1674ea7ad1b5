import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DataSource } from "typeorm";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { GraphQLError, type GraphQLSchema } from "graphql";
import type { Redis } from "ioredis";
import { createLoaders, type ApiServices, type GraphQLContext } from "../graphql/context.js";
import { createErrorFormatter, unavailability, uploadParserErrorCode } from "../graphql/errors.js";
import { errorStatusPlugin } from "../graphql/error-status.plugin.js";
import { SubscriptionLimits } from "../graphql/subscription-limits.js";
import { createOperationChecks } from "../graphql/validation.js";
import type { Logger } from "../logging/logger.js";
import type { ApiMetrics } from "../metrics/api-metrics.js";
import type { SweepRegistry } from "../queue/sweeper.js";
import { LocalObjectStore, verifyDownloadSignature } from "../storage/local.store.js";
import { attachmentDisposition } from "./content-disposition.js";
import { checkReadiness, publicReadiness } from "./readiness.check.js";
import { graphqlGuardMiddleware } from "./graphql-guard.middleware.js";
import { multipartGate, safeUploadParser } from "./multipart.guard.js";
import { pagePreviewRoutes } from "./page-preview.routes.js";
import { directUploadOrigin, pageSecurityPolicy, securityHeaders, usePageSecurityPolicy } from "./security-headers.js";
import { uploadMappedOnce } from "./upload-map.guard.js";
import { startGraphQLWebSocket } from "./ws.server.js";

/** What the HTTP surface is built from; connections and services are made (and closed) by the caller. */
export interface HttpAppDeps {
  /** The long-lived services every request shares (context, producer services, event hub, rate limits). */
  services: ApiServices;
  schema: GraphQLSchema;
  metrics: ApiMetrics<GraphQLContext>;
  /** The database, for the readiness check and the WebSocket session re-check (resolvers never see it). */
  dataSource: DataSource;
  /** A Redis connection for the readiness check. */
  redis: Redis;
  /** A Redis connection in subscriber mode (shared with the event hub): access-change notices. */
  subscriber: Redis;
  /** Where the periodic WebSocket session re-check is scheduled. */
  sweeper: SweepRegistry;
  /** Whether the process itself is fit (an error nobody handled makes /readyz fail for good). */
  readiness: { readonly failure: string | null };
  logger: Logger;
}

/** The HTTP surface of the API, built but not listening. */
export interface HttpApp {
  express: Express;
  /** The server to listen on; graphql-ws shares it. */
  server: http.Server;
  /** Operations open over WebSockets per socket and key (for tests). */
  subscriptionLimits: SubscriptionLimits;
  /** Drain HTTP requests and WebSocket subscriptions and close the server. */
  close(): Promise<void>;
}

/**
 * Where the built web UI and playground are: dist/web, whether this module
 * runs from source (src/http) or compiled (dist/src/http).
 */
function webDirectory(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return import.meta.url.endsWith(".ts") ? path.resolve(here, "../../dist/web") : path.resolve(here, "../../web");
}

function bearer(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match ? match[1]! : null;
}

/**
 * The HTTP surface of the API: GraphQL (queries, mutations, multipart uploads)
 * and graphql-ws subscriptions on the same server and path, health endpoints,
 * metrics, the web UI and the signed download route of the local storage
 * driver. It opens no connection and listens on nothing: `app/api.ts` wires
 * the process.
 */
export async function createHttpApp(deps: HttpAppDeps): Promise<HttpApp> {
  const { services, schema, metrics, redis } = deps;
  const ctx = services.app;
  const { config } = ctx;
  const log = deps.logger;

  /** Resolve an API key to a context; a key that is presented but wrong is UNAUTHENTICATED at once. */
  const buildContext = async (authorization: unknown, requestId: string): Promise<GraphQLContext> => {
    const presented = bearer(authorization);
    let verified = null;
    if (authorization !== undefined && authorization !== null && authorization !== "") {
      try {
        verified = presented ? await ctx.apiKeys.verify(presented) : null;
      } catch (error) {
        // The key could not be checked because the database is away: 503 with its code, not 500 or 401.
        const unavailable = unavailability(error);
        if (!unavailable) throw error;
        throw new GraphQLError(unavailable.message, { extensions: { code: unavailable.code, http: { status: unavailable.httpStatus } }, originalError: unavailable });
      }
      if (!verified) throw new GraphQLError("The API key is missing, malformed, revoked or wrong.", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
    }
    return {
      services,
      user: verified?.user ?? null,
      apiKey: verified?.apiKey ?? null,
      requestId,
      logger: log.child({ requestId, userId: verified?.user.id }),
      loaders: createLoaders(services),
    };
  };

  /** A request's context, built once: the multipart gate and Apollo share it (one key look-up per request). */
  const contexts = new WeakMap<Request, Promise<GraphQLContext>>();
  const requestContext = (req: Request): Promise<GraphQLContext> => {
    let context = contexts.get(req);
    if (!context) {
      context = buildContext(req.headers.authorization, (req.headers["x-request-id"] as string | undefined) ?? randomUUID());
      contexts.set(req, context);
    }
    return context;
  };

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", true);
  app.use(securityHeaders());
  app.use(
    cors({
      origin: config.api.corsOrigins === "*" ? true : config.api.corsOrigins,
      allowedHeaders: ["authorization", "content-type", "apollo-require-preflight", "x-apollo-operation-name"],
      maxAge: 600,
    }),
  );
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    if (deps.readiness.failure) {
      // The reason is in the log (fatal-error policy); unauthenticated callers learn only the state.
      res.status(503).json({ status: "unavailable", checks: {} });
      return;
    }
    const result = await checkReadiness({ dataSource: deps.dataSource, redis, store: ctx.store });
    for (const check of result.checks) if (!check.ok) log.warn({ dependency: check.name, error: check.error, latencyMs: check.latencyMs }, "readiness check failed");
    res.status(result.ok ? 200 : 503).json(publicReadiness(result));
  });
  app.get("/metrics", metrics.handler);
  if (ctx.store instanceof LocalObjectStore) {
    const store = ctx.store;
    app.use(pagePreviewRoutes({ store, signingSecret: config.signingSecret, limits: config.limits, logger: log }));
    // Links signed by the local driver; the signature is the authorisation.
    app.get("/files", (req, res) => {
      const q = req.query as Record<string, string | undefined>;
      const params = { key: q.key ?? "", expires: q.expires ?? "", sig: q.sig ?? "", filename: q.filename };
      if (!verifyDownloadSignature(config.signingSecret, params)) {
        res.status(403).json({ error: { code: "FORBIDDEN", message: "The link is invalid or has expired." } });
        return;
      }
      let file: string;
      try {
        file = store.filePath(params.key);
      } catch {
        res.status(404).json({ error: { code: "NOT_FOUND", message: "Not found." } });
        return;
      }
      const stream = fs.createReadStream(file);
      stream.once("error", () => {
        if (!res.headersSent) res.status(404).json({ error: { code: "NOT_FOUND", message: "Not found." } });
        else res.destroy();
      });
      stream.once("open", () => {
        res.setHeader("content-type", "application/octet-stream");
        if (params.filename) res.setHeader("content-disposition", attachmentDisposition(params.filename));
        res.setHeader("cache-control", "private, no-store");
        stream.pipe(res);
      });
    });
  }

  // The web UI at / and the offline GraphQL playground at GET /graphql for browsers; both built by `npm run build`.
  const webDir = webDirectory();
  // With direct uploads the web UI PUTs large files to the object store: its origin joins connect-src.
  const storeOrigin = await directUploadOrigin(ctx.store).catch((error: unknown) => {
    log.warn({ err: error }, "could not presign a probe PUT; the web UI's CSP will block direct uploads");
    return null;
  });
  const pagePolicy = pageSecurityPolicy(storeOrigin ? [storeOrigin] : []);
  const sendPage = (file: string) => (_req: Request, res: Response) => {
    const page = path.join(webDir, file);
    if (!fs.existsSync(page)) {
      res.status(503).type("text/plain").send("The web UI is not built: run `npm run build`.");
      return;
    }
    res.setHeader("cache-control", "no-cache");
    usePageSecurityPolicy(res, pagePolicy);
    res.sendFile(page);
  };
  app.get("/", sendPage("index.html"));
  app.get("/graphql", (req, res, next) => {
    // Browsers asking for a page get the playground; GraphQL GET requests (with ?query=) go on to Apollo.
    if (req.query.query === undefined && req.accepts(["application/json", "text/html"]) === "text/html") return sendPage("playground.html")(req, res);
    next();
  });
  app.use("/assets", express.static(path.join(webDir, "assets"), { immutable: true, maxAge: "365d", fallthrough: false }));

  const httpServer = http.createServer(app);
  // graphql-ws sends errors as they are; give them the same codes and redaction as HTTP responses.
  // Without introspection, graphql-js's "Did you mean …?" suggestions would leak the schema it hides.
  const hideSchemaDetails = !config.api.introspection;
  const formatError = createErrorFormatter({ logger: log, exposeStack: config.env === "development", hideSchemaDetails });
  // One set of checks (parser options, validation rules, cost) for both transports.
  const checks = createOperationChecks(schema, config.api);
  const subscriptionLimits = new SubscriptionLimits({ maxPerSocket: config.api.maxSubscriptionsPerSocket, maxPerKey: config.api.maxSubscriptionsPerKey });
  const ws = await startGraphQLWebSocket({
    subscriptionLimits,
    sendBufferLimitBytes: config.api.wsSendBufferLimitBytes,
    httpServer,
    path: "/graphql",
    schema,
    checks,
    dataSource: deps.dataSource,
    authenticate: buildContext,
    formatError,
    subscriber: deps.subscriber,
    sweeper: deps.sweeper,
    prefix: config.queue.prefix,
    logger: log,
  });

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // Introspection is governed by `checks` (INTROSPECTION_DISABLED on both transports), not by Apollo's own rule.
    introspection: true,
    hideSchemaDetailsFromClientErrors: hideSchemaDetails,
    parseOptions: checks.parseOptions,
    validationRules: checks.validationRules,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await ws.dispose(); } }; } },
      ...checks.plugins,
      errorStatusPlugin(),
      ApolloServerPluginLandingPageDisabled(),
      metrics.plugin,
    ],
  });
  await apollo.start();

  app.use(
    "/graphql",
    // Multipart bodies reach the parser only with a CSRF preflight header and a valid key.
    multipartGate(async (req) =>
      requestContext(req).then(
        (context) => context.user != null,
        (error: unknown) => {
          // An unavailable database is reported as such (503); any other failure means "not authenticated".
          if (error instanceof GraphQLError && unavailability(error)) throw error;
          return false;
        },
      ),
    ),
    // The parser only has to stop runaway streams; the exact limit (FILE_TOO_LARGE) is enforced while storing.
    safeUploadParser({ maxFileSize: config.maxUploadBytes + 1, maxFiles: config.api.maxFilesPerUpload, logger: log }),
    uploadMappedOnce(),
    express.json({ limit: config.api.maxRequestBodyBytes }),
    graphqlGuardMiddleware(config.api, formatError),
    expressMiddleware(apollo, {
      context: async ({ req }) => requestContext(req),
    }),
  );
  app.use((_req, res) => {
    res.status(404).json({ error: { code: "NOT_FOUND", message: "Not found." } });
  });
  app.use((error: { status?: number; type?: string; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === "entity.too.large" || error.status === 413) {
      const code = error.type === "entity.too.large" ? "VALIDATION_FAILED" : (uploadParserErrorCode(error) ?? "FILE_TOO_LARGE");
      const message = code === "TOO_MANY_FILES" ? `At most ${config.api.maxFilesPerUpload} files may be sent in one request.` : "The request body is too large.";
      res.status(413).json({ errors: [{ message, extensions: { code } }] });
      return;
    }
    if (error.status && error.status >= 400 && error.status < 500) {
      res.status(error.status).json({ errors: [{ message: error.message ?? "Bad request.", extensions: { code: "VALIDATION_FAILED" } }] });
      return;
    }
    log.error({ err: error }, "unhandled request error");
    res.status(500).json({ errors: [{ message: "An internal error occurred.", extensions: { code: "INTERNAL_ERROR" } }] });
  });

  return {
    express: app,
    server: httpServer,
    subscriptionLimits,
    // Apollo's drain plugin closes the HTTP server (letting requests finish) and the WebSocket server.
    close: () => apollo.stop(),
  };
}
