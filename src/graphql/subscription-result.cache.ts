import { createHash } from "node:crypto";
import { execute, getOperationAST, Kind, visit, type ASTNode, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLError, type GraphQLFormattedError } from "graphql";

/** Who a subscription's results are computed for: results are shared only between subscriptions of the same viewer. */
export interface SubscriptionViewer {
  userId: string;
  isAdmin: boolean;
}

/** Everything an event's result depends on besides the event itself. */
export interface SelectionKeyInput {
  /** The operation's text as the client sent it. */
  query: string;
  operationName?: string | null;
  document: DocumentNode;
  variables?: Readonly<Record<string, unknown>> | null;
  viewer: SubscriptionViewer;
}

/**
 * Names of the variables an operation's *result* can depend on: those used
 * anywhere except in the arguments of its root fields. Root-field arguments
 * choose the event stream (which document, from which seq); the root
 * resolvers only map the event they are given, so two subscriptions that
 * differ only there (say `afterSeq`) get the same bytes for the same event.
 */
export function selectionVariables(document: DocumentNode, operationName?: string | null): string[] {
  const names = new Set<string>();
  const collect = (node: ASTNode) => visit(node, { Variable: (v) => void names.add(v.name.value) });
  const operation = getOperationAST(document, operationName ?? undefined);
  if (operation) {
    for (const directive of operation.directives ?? []) collect(directive);
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) {
        collect(selection);
        continue;
      }
      for (const directive of selection.directives ?? []) collect(directive);
      if (selection.selectionSet) collect(selection.selectionSet);
    }
  }
  // Fragments are only ever spread inside selection sets, so every variable in them counts.
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) collect(definition);
  return [...names].sort();
}

/**
 * The key under which a subscription's results are shared: same viewer, same
 * operation text, same values of the variables the result can read
 * ({@link selectionVariables}) ⇒ same result for the same event. Computed
 * once per subscription, not per event; a digest, so that a thousand
 * subscriptions do not each keep a copy of the operation's text.
 */
export function selectionKey(input: SelectionKeyInput): string {
  const names = selectionVariables(input.document, input.operationName);
  const values = names.map((n) => input.variables?.[n] ?? null);
  const material = JSON.stringify([input.viewer.userId, input.viewer.isAdmin, input.query, input.operationName ?? null, names, values]);
  return createHash("sha256").update(material).digest("base64url");
}

/** A result serialised for the wire, and whether it may be shared. */
interface Serialised {
  json: string;
  shareable: boolean;
}

/**
 * Executes a subscription's selection for an event once per
 * {@link selectionKey} and keeps the JSON of the result for as long as the
 * event object lives (a WeakMap keyed by the event the hub hands to every
 * listener): with 1,000 subscribers of one document, one event costs one
 * graphql-js execution and one JSON.stringify instead of 1,000 of each.
 * Results with errors are never shared (an error may name the viewer's
 * request); they are computed per subscriber, as before.
 */
export class SubscriptionResultCache {
  private readonly byEvent = new WeakMap<object, Map<string, string | Promise<Serialised>>>();
  private executions = 0;

  constructor(private readonly formatErrors: (errors: readonly GraphQLError[]) => GraphQLFormattedError[]) {}

  /** graphql-js executions so far (for tests and metrics: one per event and key when sharing works). */
  get executionCount(): number {
    return this.executions;
  }

  /**
   * The JSON of the `next` payload for `event` under `key`; a string when it
   * is already known (the common case: no await per subscriber).
   */
  resultFor(event: object, key: string, args: ExecutionArgs): string | Promise<string> {
    let byKey = this.byEvent.get(event);
    if (!byKey) this.byEvent.set(event, (byKey = new Map()));
    const known = byKey.get(key);
    if (typeof known === "string") return known;
    if (known) return known.then(async (s) => (s.shareable ? s.json : (await this.run(event, args)).json));
    const computed = this.run(event, args);
    if (!(computed instanceof Promise)) {
      if (computed.shareable) byKey.set(key, computed.json);
      return computed.json;
    }
    const map = byKey;
    map.set(key, computed);
    return computed.then((s) => {
      if (s.shareable) map.set(key, s.json);
      else map.delete(key);
      return s.json;
    });
  }

  private run(event: object, args: ExecutionArgs): Serialised | Promise<Serialised> {
    this.executions++;
    const result = execute({ ...args, rootValue: event });
    return result instanceof Promise ? result.then((r) => this.serialise(r)) : this.serialise(result);
  }

  private serialise(result: ExecutionResult): Serialised {
    if (result.errors?.length) {
      const { errors, ...rest } = result;
      return { json: JSON.stringify({ ...rest, errors: this.formatErrors(errors) }), shareable: false };
    }
    return { json: JSON.stringify(result), shareable: true };
  }
}
