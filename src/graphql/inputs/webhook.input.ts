import { ArrayMaxSize, IsOptional, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { IdArgs } from "./id.args.js";

@InputType({ description: "A new webhook. Event names and the URL (http/https, public address) are checked by the server." })
export class CreateWebhookInput {
  @Field(() => String)
  @MaxLength(2048)
  url: string;

  @Field(() => [String], { description: "document.completed, document.failed, document.cancelled, document.deleted" })
  @ArrayMaxSize(16)
  events: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;
}

@InputType({ description: "Changes to a webhook; omitted fields stay as they are." })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2048)
  url?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(16)
  events?: string[] | null;

  @Field(() => String, { nullable: true, description: "An empty string clears it." })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  active?: boolean | null;
}

/** `updateWebhook(id, input)`. */
@ArgsType()
export class UpdateWebhookArgs extends IdArgs {
  @Field(() => UpdateWebhookInput)
  @ValidateNested()
  input: UpdateWebhookInput;
}

/** `webhookDeliveries(webhookId, first)`. */
@ArgsType()
export class WebhookDeliveriesArgs {
  @Field(() => ID)
  webhookId: string;

  @Field(() => Int, { defaultValue: 20 })
  first: number;
}
