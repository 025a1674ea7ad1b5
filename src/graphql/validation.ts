import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextDidResolveOperation } from "@apollo/server";
import {
  GraphQLError,
  getOperationAST,
  getVariableValues,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { inputGuard } from "./input.guard.js";
import { complexityLimit, documentGuardRule, graphqlParseOptions, validateDocument, type GraphQLLimits } from "./limits.js";

/** The limits every GraphQL operation is held to, whatever transport brought it. */
export interface OperationLimits extends GraphQLLimits {
  /** Whether `__schema` / `__type` may be asked for. */
  introspection: boolean;
}

/** One operation as a transport received it. */
export interface OperationRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** The outcome of {@link OperationChecks.check}: a document ready to execute, or the errors to answer with. */
export type CheckedOperation =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode }
  | { ok: false; errors: GraphQLError[] };

/**
 * Every check an operation passes before it runs, assembled once per server.
 * Apollo takes `parseOptions`, `validationRules` and `plugins` as they are
 * (HTTP); transports that build execution arguments themselves (graphql-ws)
 * call `check`, which runs exactly the same parser options, rules and plugin
 * hooks. Adding a limit here applies it to both transports.
 */
export interface OperationChecks {
  parseOptions: ParseOptions;
  /** Rules run after graphql-js's `specifiedRules`. */
  validationRules: ValidationRule[];
  /** Checks that need the variables (cost), as Apollo plugins using `didResolveOperation`. */
  plugins: ApolloServerPlugin[];
  /** Parse, validate, resolve the operation, coerce variables and run the plugin checks, without executing. */
  check(request: OperationRequest): Promise<CheckedOperation>;
}

/**
 * Refuse `__schema` and `__type` (what introspection needs; `__typename`
 * stays allowed) with INTROSPECTION_DISABLED. Used instead of Apollo's own
 * rule so that both transports answer with the same code.
 */
export function noIntrospection(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        context.reportError(new GraphQLError("Schema introspection is disabled on this server (GRAPHQL_INTROSPECTION).", { nodes: [node], extensions: { code: "INTROSPECTION_DISABLED" } }));
      }
    },
  };
}

/** The same error with `code` unless it already carries one (a rule's own code wins). */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (typeof error.extensions?.code === "string") return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

/**
 * Run the `didResolveOperation` hooks of `plugins` for one operation, as
 * Apollo would. Only the request-context fields these checks read are
 * real; the rest (cache, metrics, response) belong to Apollo's HTTP pipeline.
 */
async function runPluginChecks(plugins: ApolloServerPlugin[], schema: GraphQLSchema, request: OperationRequest, document: DocumentNode, operation: OperationDefinitionNode): Promise<GraphQLError[]> {
  const requestContext = {
    schema,
    request: { query: request.query, operationName: request.operationName ?? undefined, variables: request.variables ?? undefined },
    source: request.query,
    queryHash: "",
    document,
    operation,
    operationName: operation.name?.value ?? null,
    contextValue: {},
    metrics: {},
    requestIsBatched: false,
  } as unknown as GraphQLRequestContextDidResolveOperation<BaseContext>;
  for (const plugin of plugins) {
    const listener = await plugin.requestDidStart?.(requestContext);
    try {
      await listener?.didResolveOperation?.(requestContext);
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
  }
  return [];
}

/** Assemble the checks for `schema` under `limits`. */
export function createOperationChecks(schema: GraphQLSchema, limits: OperationLimits): OperationChecks {
  // Parser options (token limits) join here; the rules below stay in limits.ts.
  const parseOptions: ParseOptions = graphqlParseOptions(limits);
  const extraRules: ValidationRule[] = limits.introspection ? [] : [noIntrospection];
  // On HTTP the bounded guard also runs ahead of Apollo (graphqlGuardMiddleware); here it is the backstop.
  const validationRules: ValidationRule[] = [documentGuardRule(limits), ...extraRules];
  // The input guard first: the cost estimate reads variables, which must be checked before it.
  const plugins: ApolloServerPlugin[] = [inputGuard(schema), complexityLimit(schema, limits)];
  // A parsed operation with locations is ~50 KB; a thousand subscribers sending the same text share one.
  const parsed = new ParsedDocumentCache(PARSED_DOCUMENTS_KEPT);

  return {
    parseOptions,
    validationRules,
    plugins,
    async check(request) {
      if (typeof request.query !== "string" || request.query.length === 0) {
        return { ok: false, errors: [new GraphQLError("The operation has no query text.", { extensions: { code: "BAD_REQUEST" } })] };
      }
      let document: DocumentNode;
      try {
        document = parsed.get(request.query) ?? parsed.set(request.query, parse(request.query, parseOptions));
      } catch (error) {
        if (error instanceof GraphQLError) return { ok: false, errors: [withCode(error, "GRAPHQL_PARSE_FAILED")] };
        throw error;
      }
      // The bounded guard first; graphql-js's own rules only on documents it lets through.
      const invalid = validateDocument(schema, document, limits, extraRules);
      if (invalid.length > 0) return { ok: false, errors: invalid.map((e) => withCode(e, "GRAPHQL_VALIDATION_FAILED")) };
      const operation = getOperationAST(document, request.operationName ?? undefined);
      if (!operation) {
        const message = request.operationName ? `Unknown operation named "${request.operationName}".` : "Must provide operation name if query contains multiple operations.";
        return { ok: false, errors: [new GraphQLError(message, { extensions: { code: "OPERATION_RESOLUTION_FAILURE" } })] };
      }
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 10 });
      if (coerced.errors) return { ok: false, errors: coerced.errors.map((e) => withCode(e, "BAD_USER_INPUT")) };
      const refused = await runPluginChecks(plugins, schema, request, document, operation);
      if (refused.length > 0) return { ok: false, errors: refused };
      return { ok: true, document, operation };
    },
  };
}

/** Parsed operations kept by {@link createOperationChecks} (most recently used first out of the door last). */
const PARSED_DOCUMENTS_KEPT = 200;

/**
 * A small LRU of parsed operations by their text. Documents are never
 * mutated after parsing (graphql-js treats them as immutable), so sharing one
 * between operations is safe; only successful parses are kept.
 */
class ParsedDocumentCache {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(private readonly capacity: number) {}

  get(query: string): DocumentNode | undefined {
    const document = this.documents.get(query);
    if (document) {
      this.documents.delete(query);
      this.documents.set(query, document);
    }
    return document;
  }

  set(query: string, document: DocumentNode): DocumentNode {
    this.documents.set(query, document);
    if (this.documents.size > this.capacity) this.documents.delete(this.documents.keys().next().value!);
    return document;
  }
}
