import type { NextFunction, Request, Response } from "express";
import { parse, type DocumentNode, type GraphQLFormattedError } from "graphql";
import { graphqlParseOptions, inspectDocument, type GraphQLLimits } from "../graphql/limits.js";

/** Formats an error the way GraphQL responses do (the API's error formatter). */
type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** The query text of a GraphQL request: JSON or multipart body (already parsed) or GET query string; batches give several. */
function queriesOf(req: Request): string[] {
  const body: unknown = req.body;
  const fromBody = (Array.isArray(body) ? body : [body]).map((op) => (op && typeof op === "object" ? (op as { query?: unknown }).query : undefined));
  const fromUrl = (req.query as Record<string, unknown> | undefined)?.query;
  return [...fromBody, fromUrl].filter((q): q is string => typeof q === "string");
}

/**
 * Run the document guard (depth, nesting, expanded size, repeated fields) on
 * every GraphQL HTTP request before Apollo sees it, and answer 400 with the
 * guard's code when it fails. Apollo validates with graphql-js's rules first
 * and in one pass, and those rules are not bounded on hostile documents; this
 * runs before them, and before any resolver could ask for an API key.
 * Documents that do not parse go on to Apollo, which reports them
 * (GRAPHQL_PARSE_FAILED); parsing is bounded by GRAPHQL_MAX_TOKENS.
 */
export function graphqlGuardMiddleware(limits: GraphQLLimits, formatError: FormatError) {
  const parseOptions = graphqlParseOptions(limits);
  return (req: Request, res: Response, next: NextFunction): void => {
    for (const query of queriesOf(req)) {
      let document: DocumentNode;
      try {
        document = parse(query, parseOptions);
      } catch {
        continue;
      }
      const { errors } = inspectDocument(document, limits);
      if (errors.length > 0) {
        res.status(400).json({ errors: errors.map((error) => formatError(error.toJSON(), error)) });
        return;
      }
    }
    next();
  };
}
