import "reflect-metadata";
import { validateOrReject, type ValidationError, type ValidatorOptions } from "class-validator";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { ArgumentValidationError, buildSchema, type PubSub, type ValidatorFn } from "type-graphql";
import { RESOLVERS } from "./resolvers/index.js";

/**
 * type-graphql refuses to build subscriptions without a PubSub, but uses it only
 * for topic-based subscriptions. Folio's subscriptions stream from the EventHub
 * through their own `subscribe` functions (replay, de-duplication, ordering), so
 * a topic-based one would be a mistake: this PubSub makes it fail loudly.
 */
const topicSubscriptionsUnsupported: PubSub = {
  publish() {
    throw new Error("Folio does not use type-graphql topics; publish through the pipeline's event log.");
  },
  subscribe() {
    throw new Error("Folio subscriptions must define `subscribe` (see SubscriptionResolver).");
  },
};

/** class-validator's options as type-graphql sets them, without echoing the input back in errors. */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  skipMissingProperties: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

const isObject = (v: unknown): v is object => v !== null && typeof v === "object";

/**
 * Validates input-type arguments with class-validator, as type-graphql's built-in
 * validation does, but with class-validator imported once: the built-in one runs
 * `await import("class-validator")` for every validated argument of every
 * execution — a module resolution per event delivered to a subscription, and a
 * round trip to the loader thread when a loader hook is installed (tsx).
 */
export const validateInput: ValidatorFn = async (value: unknown) => {
  if (!isObject(value)) return;
  try {
    if (Array.isArray(value)) await Promise.all(value.filter(isObject).map((v) => validateOrReject(v, VALIDATOR_OPTIONS)));
    else await validateOrReject(value, VALIDATOR_OPTIONS);
  } catch (error) {
    throw new ArgumentValidationError(error as ValidationError[]);
  }
};

/** Build the executable schema from the resolver classes. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    pubSub: topicSubscriptionsUnsupported,
    validateFn: validateInput,
  });
}

/** The schema as committed in schema/schema.graphql (sorted, so the file is stable). */
export async function printFolioSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}
