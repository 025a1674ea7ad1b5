import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, TypeInfo, type ASTVisitor, ValidationContext, specifiedRules, validate, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type ParseOptions, type ValidationRule } from "graphql";
import { createRequire } from "node:module";
import { inspectDocument, type DocumentLimits } from "./document-guard.js";

/*
 * graphql-query-complexity's ESM build imports graphql's .mjs files, while
 * type-graphql and Apollo load graphql's CommonJS entry: two graphql instances
 * that reject each other's schema objects. Its CommonJS build shares ours.
 */
const { createComplexityRule, fieldExtensionsEstimator, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");

export { inspectDocument, MAX_GUARD_WORK, NESTING_PER_DEPTH, type DocumentInspection, type DocumentLimits } from "./document-guard.js";

/** Every limit a GraphQL operation is held to, on HTTP and WebSocket alike (from `config.api`). */
export interface GraphQLLimits extends DocumentLimits {
  /** Estimated cost an operation may have (lists multiply by their page size, `text` costs by its `limit`). */
  maxComplexity: number;
  /** Tokens the parser reads before giving up on a document (GRAPHQL_PARSE_FAILED). */
  maxTokens: number;
}

/** Options for graphql's `parse` (Apollo's `parseOptions`, graphql-ws's `parse`): stop reading runaway documents. */
export function graphqlParseOptions(limits: GraphQLLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/**
 * Validate a parsed document the way both transports must: first the bounded
 * guard (depth, nesting, expanded size, repeated fields), and only when it
 * passes graphql-js's own rules plus `extraRules` (e.g. NoSchemaIntrospectionCustomRule)
 * — graphql-js's rules are not bounded on documents the guard rejects.
 */
export function validateDocument(schema: GraphQLSchema, document: DocumentNode, limits: GraphQLLimits, extraRules: readonly ValidationRule[] = []): GraphQLError[] {
  const guarded = inspectDocument(document, limits);
  if (guarded.errors.length > 0) return guarded.errors;
  return [...validate(schema, document, [...specifiedRules, ...extraRules])];
}

/**
 * The guard as a validation rule. Apollo runs graphql-js's rules before any
 * rule of ours and cannot be stopped from a rule, so on HTTP the guard first
 * runs ahead of Apollo (see `graphqlGuardMiddleware`); this rule is the
 * backstop for any path that reaches Apollo without it.
 */
export function documentGuardRule(limits: GraphQLLimits): ValidationRule {
  return (context) => ({
    Document: {
      enter(document) {
        for (const error of inspectDocument(document, limits).errors) context.reportError(error);
        return false;
      },
    },
  });
}

/** The outcome of {@link operationComplexity}. */
export interface ComplexityEstimate {
  complexity: number;
  /** Selections the estimator looked at (bounded by `maxSelections + 1`). */
  visited: number;
}

/**
 * Estimate the cost of the operation `operationName` (or every operation) of
 * `document` with `variables`. The estimator follows fragments without
 * memoising, so it is told to stop after `maxSelections` selections — the
 * guard's limit on an operation's expanded size — and stopping is reported as
 * QUERY_TOO_COMPLEX, like a cost over `maxComplexity`.
 */
export function operationComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: GraphQLLimits,
  request: { operationName?: string | null; variables?: Record<string, unknown> | null },
): ComplexityEstimate {
  const typeInfo = new TypeInfo(schema);
  const errors: GraphQLError[] = [];
  const context = new ValidationContext(schema, document, typeInfo, (error) => errors.push(error));
  // The rule's visitor is the estimator itself (graphql-query-complexity's QueryComplexity); it keeps its count of visited nodes.
  const estimator = createComplexityRule({
    maximumComplexity: Number.MAX_SAFE_INTEGER,
    operationName: request.operationName ?? undefined,
    variables: request.variables ?? {},
    maxQueryNodes: limits.maxSelections + 1,
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  })(context) as ASTVisitor & { complexity: number; evaluatedNodes: number };
  const visited = () => estimator.evaluatedNodes;
  try {
    visit(document, visitWithTypeInfo(typeInfo, estimator));
  } catch (thrown) {
    if (visited() >= limits.maxSelections + 1) {
      throw new GraphQLError(`The operation selects more than ${limits.maxSelections} fields once its fragments are expanded; at most ${limits.maxSelections} are allowed.`, {
        extensions: { code: "QUERY_TOO_COMPLEX", maxSelections: limits.maxSelections },
      });
    }
    throw thrown;
  }
  // Variables that do not fit their types leave the cost unknown: the request is refused as the client's mistake.
  const invalid = errors[errors.length - 1];
  if (invalid) throw new GraphQLError(invalid.message, { nodes: invalid.nodes, extensions: { code: "VALIDATION_FAILED" } });
  return { complexity: estimator.complexity, visited: visited() };
}

/** Throw QUERY_TOO_COMPLEX when the operation's estimated cost exceeds `maxComplexity`. */
export function checkComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: GraphQLLimits,
  request: { operationName?: string | null; variables?: Record<string, unknown> | null },
): ComplexityEstimate {
  const estimate = operationComplexity(schema, document, limits, request);
  if (estimate.complexity > limits.maxComplexity) {
    throw new GraphQLError(`The operation costs ${estimate.complexity}; at most ${limits.maxComplexity} is allowed. Ask for fewer items, fields or characters of text.`, {
      extensions: { code: "QUERY_TOO_COMPLEX", complexity: estimate.complexity, maxComplexity: limits.maxComplexity },
    });
  }
  return estimate;
}

/**
 * Reject operations whose estimated cost exceeds `maxComplexity`, before they
 * run. Lists multiply their children's cost by the page size they ask for.
 * Runs per request (not per cached document): the cost depends on variables.
 */
export function complexityLimit(schema: GraphQLSchema, limits: GraphQLLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          try {
            checkComplexity(schema, document, limits, { operationName: request.operationName, variables: request.variables });
          } catch (error) {
            // Apollo answers errors thrown here with HTTP 500 unless they name a status; these are the client's.
            if (error instanceof GraphQLError) throw new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, http: { status: 400 } } });
            throw error;
          }
        },
      };
    },
  };
}
