import { AccountResolver } from "./account.resolver.js";
import { AuditResolver, UserRetentionResolver } from "./audit.resolver.js";
import { CorrectionResolver } from "./correction.resolver.js";
import { DestinationResolver } from "./destination.resolver.js";
import { DirectUploadResolver } from "./direct-upload.resolver.js";
import { DocumentResolver } from "./document.resolver.js";
import { LearningResolver } from "./learning.resolver.js";
import { StatsResolver } from "./stats.resolver.js";
import { SubscriptionResolver } from "./subscription.resolver.js";
import { WebhookResolver } from "./webhook.resolver.js";

/** Every resolver class of the schema. */
export const RESOLVERS = [AccountResolver, DocumentResolver, DirectUploadResolver, StatsResolver, SubscriptionResolver, AuditResolver, UserRetentionResolver, WebhookResolver, DestinationResolver, CorrectionResolver, LearningResolver] as const;
