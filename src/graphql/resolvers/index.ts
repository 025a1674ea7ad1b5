import { AccountResolver } from "./account.resolver.js";
import { DocumentResolver } from "./document.resolver.js";
import { StatsResolver } from "./stats.resolver.js";
import { SubscriptionResolver } from "./subscription.resolver.js";

/** Every resolver class of the schema. */
export const RESOLVERS = [AccountResolver, DocumentResolver, StatsResolver, SubscriptionResolver] as const;
