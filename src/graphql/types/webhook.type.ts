import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DeliveryStatus } from "../../db/entities/index.js";

registerEnumType(DeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "Where a webhook delivery stands.",
  valuesConfig: {
    PENDING: { description: "Waiting for its first attempt or a retry." },
    SUCCEEDED: { description: "The receiver answered 2xx." },
    FAILED: { description: "Out of attempts, refused by the SSRF checks, or the webhook was disabled." },
  },
});

@ObjectType("Webhook", { description: "An endpoint told about your documents' terminal events (never its secret)." })
export class WebhookType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  url: string;

  @Field(() => [String], { description: "Subscribed events: document.completed, document.failed, document.cancelled, document.deleted." })
  events: string[];

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => Boolean, { description: "Inactive webhooks get no new deliveries." })
  active: boolean;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

@ObjectType({ description: "A webhook with its signing secret. `secret` is shown only here, once." })
export class WebhookWithSecret {
  @Field(() => WebhookType)
  webhook: WebhookType;

  @Field(() => String, { description: "HMAC-SHA256 key for the Folio-Signature header." })
  secret: string;
}

@ObjectType("WebhookDeliveryAttempt", { description: "One HTTP attempt of a delivery." })
export class WebhookDeliveryAttemptType {
  @Field(() => Int, { description: "1-based." })
  attempt: number;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when no response arrived." })
  statusCode: number | null;

  @Field(() => Int)
  latencyMs: number;

  @Field(() => String, { nullable: true, description: "The first 1 KB of the response body." })
  responseExcerpt: string | null;

  @Field(() => String, { nullable: true, description: "Why no response arrived (timeout, connection error, SSRF refusal)." })
  error: string | null;

  @Field(() => Date, { nullable: true, description: "When the next attempt is due; null when this was the last." })
  nextRetryAt: Date | null;

  @Field(() => Date)
  createdAt: Date;
}

@ObjectType("WebhookDelivery", { description: "One event sent (or to be sent) to one webhook." })
export class WebhookDeliveryType {
  @Field(() => ID, { description: "Also the Folio-Delivery header and the body's `id`." })
  id: string;

  @Field(() => ID)
  webhookId: string;

  @Field(() => ID, { nullable: true })
  documentId: string | null;

  @Field(() => String)
  event: string;

  @Field(() => DeliveryStatus)
  status: DeliveryStatus;

  @Field(() => Int, { description: "Attempts made so far." })
  attemptCount: number;

  @Field(() => Date, { nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => GraphQLJSONObject, { description: "The request body (links excepted; they are added from PUBLIC_URL when sent)." })
  payload: Record<string, unknown>;

  @Field(() => [WebhookDeliveryAttemptType], { description: "Every attempt, oldest first." })
  attempts: WebhookDeliveryAttemptType[];

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;
}
