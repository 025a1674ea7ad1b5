import { IsOptional, Matches, MaxLength } from "class-validator";
import { ArgsType, Field, InputType } from "type-graphql";
import { IdArgs } from "./id.args.js";
import { DestinationKindEnum } from "../types/destination.type.js";

@InputType({ description: "An S3 bucket (MinIO, AWS S3, any S3-protocol server)." })
export class S3DestinationInput {
  @Field(() => String)
  @MaxLength(2048)
  endpoint: string;

  @Field(() => String, { defaultValue: "us-east-1" })
  region: string;

  @Field(() => String)
  bucket: string;

  @Field(() => String, { defaultValue: "", description: "Key prefix, e.g. folio/results/; objects go to <prefix><documentId>/result.json and text.txt." })
  @MaxLength(512)
  prefix: string;

  @Field(() => String)
  @MaxLength(256)
  accessKey: string;

  @Field(() => String, { description: "Stored encrypted; never returned." })
  @MaxLength(256)
  secretKey: string;

  @Field(() => Boolean, { defaultValue: true })
  pathStyle: boolean;
}

@InputType({ description: "An HTTP endpoint that receives the result JSON as a POST." })
export class HttpDestinationInput {
  @Field(() => String)
  @MaxLength(2048)
  url: string;

  @Field(() => String, { nullable: true, description: "Sent as the Authorization header; stored encrypted; never returned." })
  @IsOptional()
  @MaxLength(4096)
  authorization?: string | null;
}

@InputType()
export class CreateDestinationInput {
  @Field(() => String)
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/, { message: "name must be 1-48 of a-z, 0-9 and -" })
  name: string;

  @Field(() => DestinationKindEnum)
  kind: DestinationKindEnum;

  @Field(() => S3DestinationInput, { nullable: true })
  s3?: S3DestinationInput | null;

  @Field(() => HttpDestinationInput, { nullable: true })
  http?: HttpDestinationInput | null;
}

/** `setDestinationActive(id, active)`. */
@ArgsType()
export class DestinationActiveArgs extends IdArgs {
  @Field(() => Boolean)
  active: boolean;
}
