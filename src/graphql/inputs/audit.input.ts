import { IsOptional, IsUUID, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";

@InputType({ description: "Which audit records to list; every field narrows the result." })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  actorUserId?: string | null;

  @Field(() => String, { nullable: true, description: "An exact action (document.delete) or a prefix ending in .* (document.*)." })
  @IsOptional()
  @MaxLength(64)
  action?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(32)
  targetType?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(64)
  targetId?: string | null;

  @Field(() => Date, { nullable: true, description: "Records at or after this time." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Records at or before this time." })
  to?: Date | null;
}

/** `auditLog(filter, first, after)`. */
@ArgsType()
export class AuditLogArgs {
  @Field(() => AuditLogFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: AuditLogFilter | null;

  @Field(() => Int, { defaultValue: 50 })
  first: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

/** `setRetentionPolicy(userId, completedDays, failedDays)`. */
@ArgsType()
export class RetentionPolicyArgs {
  @Field(() => ID)
  userId: string;

  @Field(() => Int, { nullable: true, description: "COMPLETED documents; null → RETENTION_COMPLETED_DAYS." })
  completedDays?: number | null;

  @Field(() => Int, { nullable: true, description: "FAILED and CANCELLED documents; null → RETENTION_FAILED_DAYS." })
  failedDays?: number | null;
}
