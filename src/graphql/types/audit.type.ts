import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { PageInfo } from "./connection.type.js";

@ObjectType("AuditLogEntry", { description: "Who changed or removed what, and when." })
export class AuditLogEntryType {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true, description: "The user who acted; null for the system (e.g. retention)." })
  actorUserId: string | null;

  @Field(() => String, { nullable: true, description: "The actor's e-mail at the time (kept after the user is deleted)." })
  actorEmail: string | null;

  @Field(() => ID, { nullable: true, description: "The API key the actor used; null for the system and for records older than this field." })
  apiKeyId: string | null;

  @Field(() => String, { nullable: true, description: "That key's public prefix (as in folio_<prefix>_…), kept after the key is deleted." })
  apiKeyPrefix: string | null;

  @Field(() => String, { description: "e.g. document.delete, api_key.revoke, user.update, retention.run." })
  action: string;

  @Field(() => String, { description: "e.g. document, api_key, user, webhook." })
  targetType: string;

  @Field(() => String, { nullable: true })
  targetId: string | null;

  @Field(() => GraphQLJSONObject, { description: "What changed: small facts, never secrets." })
  detail: Record<string, unknown>;

  @Field(() => Date)
  createdAt: Date;
}

@ObjectType()
export class AuditLogEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => AuditLogEntryType)
  node: AuditLogEntryType;
}

@ObjectType({ description: "A page of audit records, newest first (Relay cursor connection)." })
export class AuditLogConnection {
  @Field(() => [AuditLogEdge])
  edges: AuditLogEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@ObjectType({ description: "How long a user's documents are kept, in days; 0 keeps them forever." })
export class RetentionPolicyType {
  @Field(() => Int, { description: "COMPLETED documents, counted from completion (effective value)." })
  completedDays: number;

  @Field(() => Int, { description: "FAILED and CANCELLED documents, counted from when they ended (effective value)." })
  failedDays: number;

  @Field(() => Int, { nullable: true, description: "The user's own setting; null → RETENTION_COMPLETED_DAYS." })
  completedDaysOverride: number | null;

  @Field(() => Int, { nullable: true, description: "The user's own setting; null → RETENTION_FAILED_DAYS." })
  failedDaysOverride: number | null;
}
