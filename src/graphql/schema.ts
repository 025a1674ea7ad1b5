import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema, type PubSub } from "type-graphql";
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

/** Build the executable schema from the resolver classes. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    pubSub: topicSubscriptionsUnsupported,
    // Validate inputs with class-validator, without echoing the input back in errors.
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  });
}

/** The schema as committed in schema/schema.graphql (sorted, so the file is stable). */
export async function printFolioSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}
