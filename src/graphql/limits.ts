import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode, type ValidationContext } from "graphql";
import { createRequire } from "node:module";

/*
 * graphql-query-complexity's ESM build imports graphql's .mjs files, while
 * type-graphql and Apollo load graphql's CommonJS entry: two graphql instances
 * that reject each other's schema objects. Its CommonJS build shares ours.
 */
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");

/**
 * A validation rule rejecting operations nested deeper than `maxDepth`
 * (fragments followed, introspection's own nesting counted too).
 */
export function depthLimit(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    const depthOf = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
      if (!set) return depth;
      let max = depth;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) max = Math.max(max, depthOf(sel.selectionSet, depth + 1, seen));
        else if (sel.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(sel.selectionSet, depth, seen));
        else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) {
          max = Math.max(max, depthOf(fragments.get(sel.name.value)?.selectionSet, depth, new Set([...seen, sel.name.value])));
        }
        if (max > maxDepth) return max;
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(new GraphQLError(`The operation is ${depth} levels deep; at most ${maxDepth} are allowed.`, { nodes: [node], extensions: { code: "QUERY_TOO_DEEP" } }));
        }
      },
    };
  };
}

/**
 * Reject operations whose estimated cost exceeds `maxComplexity`, before they
 * run. Lists multiply their children's cost by the page size they ask for.
 */
export function complexityLimit(schema: GraphQLSchema, maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema,
            operationName: request.operationName ?? undefined,
            query: document,
            variables: request.variables ?? {},
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > maxComplexity) {
            throw new GraphQLError(`The operation costs ${complexity}; at most ${maxComplexity} is allowed. Ask for fewer items or fields.`, {
              extensions: { code: "QUERY_TOO_COMPLEX", complexity, maxComplexity },
            });
          }
        },
      };
    },
  };
}
