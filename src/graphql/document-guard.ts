import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";

/**
 * The cheap, bounded look at a GraphQL document that runs before graphql-js
 * validates it. graphql-js's own rules (OverlappingFieldsCanBeMerged above all)
 * and a naive depth walk can take seconds on a document of a few kilobytes:
 * fragments spread twice at every level expand to 2^k selections, and a field
 * repeated a thousand times in one selection set is compared pair by pair. This
 * guard looks at every fragment once (its summary is memoised and reused at
 * every spread), so its work grows with the document's length, never with its
 * expansion, and it stops at a fixed work budget whatever it is given.
 */

/** What the guard holds a document to. */
export interface DocumentLimits {
  /** Fields nested inside each other (fragments followed; introspection counted too). */
  maxDepth: number;
  /** Selections (fields, inline fragments, fragment spreads) of one operation with every fragment expanded as often as it is spread. */
  maxSelections: number;
  /** Times one field may be selected in one selection set: aliases, repeats and selections brought in by fragments (as often as they are spread). */
  maxAliases: number;
}

/**
 * How many selection sets may nest inside each other per allowed field level:
 * inline fragments and fragment spreads nest without adding depth, and a
 * walk must still be bounded on them (a parser-accepted document can nest
 * thousands of `... { }`).
 */
export const NESTING_PER_DEPTH = 4;

/**
 * Units of work (selections looked at, field counts merged) after which the
 * guard gives up on a document. Real operations need a few hundred; the
 * largest documents the parser lets through need less than this unless they
 * are built to be expensive.
 */
export const MAX_GUARD_WORK = 200_000;

/** The outcome of {@link inspectDocument}. */
export interface DocumentInspection {
  /** Errors with stable codes (QUERY_TOO_DEEP, QUERY_TOO_COMPLEX, TOO_MANY_ALIASES); empty when the document is within the limits. */
  errors: GraphQLError[];
  /** Units of work spent: bounded by the document's length and {@link MAX_GUARD_WORK}, never by its expansion. For tests and metrics. */
  visited: number;
}

/** Summary of a selection set with its fragments expanded; saturating counts so that nothing overflows. */
interface Summary {
  /** Deepest field nesting below (and including) this set's fields. */
  depth: number;
  /** Deepest nesting of selection sets of any kind. */
  nesting: number;
  /** Selections with fragments expanded, capped just above the limit. */
  size: number;
  /** Times each field name is selected at this level (inline fragments and spreads flattened), capped just above the limit. */
  fields: Map<string, number>;
}

/** Thrown inside the walk to stop at the first violated limit. */
class Stop {
  constructor(readonly error: GraphQLError) {}
}

const EMPTY: Summary = { depth: 0, nesting: 0, size: 0, fields: new Map() };

/**
 * Check a parsed document against `limits`. Every operation is measured with
 * its fragments expanded; each fragment is measured once. Unknown fragments
 * count as empty (graphql-js reports them after this guard has passed the
 * document); a fragment cycle is reported here, with graphql-js's message and
 * code (GRAPHQL_VALIDATION_FAILED).
 */
export function inspectDocument(document: DocumentNode, limits: DocumentLimits): DocumentInspection {
  const maxNesting = limits.maxDepth * NESTING_PER_DEPTH;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(def.name.value)) fragments.set(def.name.value, def);
  const memo = new Map<string, Summary>();
  const inProgress = new Set<string>();
  let visited = 0;

  const spend = (units: number) => {
    visited += units;
    if (visited > MAX_GUARD_WORK) {
      throw new Stop(new GraphQLError("The document is too large or too intricate to analyse; send a smaller one.", { extensions: { code: "QUERY_TOO_COMPLEX" } }));
    }
  };
  const cap = (n: number, limit: number) => Math.min(n, limit + 1);

  /** Summarise `set`, which sits `nesting` selection sets deep in the definition being measured. */
  const summarise = (set: SelectionSetNode, nesting: number): Summary => {
    if (nesting > maxNesting) throw new Stop(tooNested(maxNesting));
    const out: Summary = { depth: 0, nesting: 1, size: 0, fields: new Map() };
    const addFields = (fields: Map<string, number>, times: number) => {
      spend(fields.size);
      for (const [name, count] of fields) out.fields.set(name, cap((out.fields.get(name) ?? 0) + count * times, limits.maxAliases));
    };
    for (const sel of set.selections) {
      spend(1);
      let inner: Summary;
      if (sel.kind === Kind.FIELD) {
        inner = sel.selectionSet ? summarise(sel.selectionSet, nesting + 1) : EMPTY;
        out.depth = Math.max(out.depth, inner.depth + 1);
        out.fields.set(sel.name.value, cap((out.fields.get(sel.name.value) ?? 0) + 1, limits.maxAliases));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        inner = summarise(sel.selectionSet, nesting + 1);
        out.depth = Math.max(out.depth, inner.depth);
        addFields(inner.fields, 1);
      } else {
        inner = fragmentSummary(sel.name.value, nesting + 1);
        out.depth = Math.max(out.depth, inner.depth);
        addFields(inner.fields, 1);
      }
      out.nesting = Math.max(out.nesting, inner.nesting + 1);
      out.size = cap(out.size + 1 + inner.size, limits.maxSelections);
    }
    for (const [name, count] of out.fields) {
      if (count > limits.maxAliases) {
        throw new Stop(new GraphQLError(`The field "${name}" is selected more than ${limits.maxAliases} times in one selection set (aliases, repeats and fragments count); at most ${limits.maxAliases} are allowed.`, { nodes: [set], extensions: { code: "TOO_MANY_ALIASES", maxAliases: limits.maxAliases } }));
      }
    }
    if (out.depth > limits.maxDepth) throw new Stop(tooDeep(out.depth, limits.maxDepth));
    if (out.size > limits.maxSelections) throw new Stop(tooLarge(limits.maxSelections));
    return out;
  };

  /** A fragment's summary, computed once; its nesting is relative to itself, so the summary fits every place it is spread. */
  const fragmentSummary = (name: string, nesting: number): Summary => {
    const known = memo.get(name);
    if (known) {
      if (nesting + known.nesting - 1 > maxNesting) throw new Stop(tooNested(maxNesting));
      return known;
    }
    const def = fragments.get(name);
    if (!def) return EMPTY;
    // graphql-js reports cycles too, but its OverlappingFieldsCanBeMerged rule recurses along them first (and can exhaust the stack).
    if (inProgress.has(name)) throw new Stop(new GraphQLError(`Cannot spread fragment "${name}" within itself.`, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
    inProgress.add(name);
    // A summary's counts are relative to the fragment itself, so it fits every place the fragment is spread;
    // `nesting` only bounds the walk (a chain of fragments must not recurse without limit).
    const summary = summarise(def.selectionSet, nesting);
    inProgress.delete(name);
    memo.set(name, summary);
    return summary;
  };

  try {
    for (const def of document.definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      spend(1);
      summarise(def.selectionSet, 0);
    }
  } catch (thrown) {
    if (thrown instanceof Stop) return { errors: [thrown.error], visited };
    throw thrown;
  }
  return { errors: [], visited };
}

function tooNested(maxNesting: number): GraphQLError {
  return new GraphQLError(`Selections are nested more than ${maxNesting} levels deep (inline fragments and fragment spreads count as levels here).`, { extensions: { code: "QUERY_TOO_DEEP" } });
}

function tooDeep(depth: number, maxDepth: number): GraphQLError {
  // The walk stops at the first selection set past the limit, so `depth` is a lower bound of the operation's depth.
  return new GraphQLError(`The operation is ${depth} levels deep; at most ${maxDepth} are allowed.`, { extensions: { code: "QUERY_TOO_DEEP" } });
}

function tooLarge(maxSelections: number): GraphQLError {
  return new GraphQLError(`The operation selects more than ${maxSelections} fields once its fragments are expanded; at most ${maxSelections} are allowed.`, { extensions: { code: "QUERY_TOO_COMPLEX", maxSelections } });
}
