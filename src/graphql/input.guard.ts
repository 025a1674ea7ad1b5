import type { ApolloServerPlugin } from "@apollo/server";
import { getVariableValues, GraphQLError, visit, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { ValidationError } from "../errors/app.error.js";

const NUL = "\u0000";

/**
 * Where the first NUL character sits in a request's variables (e.g.
 * `$filter.search`), or null. Walks plain objects and arrays only (file
 * uploads are objects of their own class), iteratively so that a deeply nested
 * body cannot overflow the stack.
 */
export function findNulInValue(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [current, at] = stack.pop()!;
    if (typeof current === "string") {
      if (current.includes(NUL)) return at;
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push([item, `${at}[${i}]`]));
    } else if (current !== null && typeof current === "object") {
      const proto = Object.getPrototypeOf(current) as unknown;
      if (proto !== Object.prototype && proto !== null) continue;
      for (const [key, item] of Object.entries(current)) stack.push([item, `${at}.${key}`]);
    }
  }
  return null;
}

/** Whether a string literal written into the operation itself holds a NUL character. */
export function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes(NUL)) found = true;
    },
  });
  return found;
}

/**
 * Check a request's input before anything runs on it:
 *
 * - NUL characters (U+0000) in any string, given as a variable or written in
 *   the operation, are VALIDATION_FAILED: PostgreSQL refuses NUL in text, so
 *   they would otherwise fail deep in a query as an internal error.
 * - Variables are coerced against the operation's declared types here, so a
 *   wrong type or a missing required variable is VALIDATION_FAILED (graphql-js's
 *   BAD_USER_INPUT) before plugins that read variables (the complexity limit)
 *   trip over them with an uncoded error.
 *
 * Must be listed before those plugins: Apollo runs `didResolveOperation` hooks
 * in order and reports the first that fails.
 */
export function inputGuard(schema: GraphQLSchema): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          const where = findNulInValue(request.variables ?? {}, "$variables");
          if (where) throw new ValidationError("Text input must not contain NUL characters (U+0000).", [`${where.replace(/^\$variables\./, "$")} contains a NUL character`]);
          if (documentHasNul(document)) throw new ValidationError("Text input must not contain NUL characters (U+0000).", ["a string in the operation contains a NUL character"]);
          if (operation) coerceVariables(schema, operation, request.variables);
        },
      };
    },
  };
}

function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): void {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (result.errors?.length) {
    const [first] = result.errors;
    throw new GraphQLError(first!.message, { nodes: first!.nodes, extensions: { code: "BAD_USER_INPUT" } });
  }
}
