import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

/** Kinds of destination. */
export enum DestinationKindEnum {
  S3 = "S3",
  HTTP = "HTTP",
}
registerEnumType(DestinationKindEnum, { name: "DestinationKind", description: "S3: copy result.json and text.txt into a bucket. HTTP: POST the result JSON." });

@ObjectType("Destination", { description: "Where your processed results are delivered; each one is a `deliver:<name>` step of every document that completes." })
export class DestinationType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => DestinationKindEnum)
  kind: DestinationKindEnum;

  @Field(() => GraphQLJSONObject, { description: "Non-secret settings (never the secret key or authorization header)." })
  settings: Record<string, unknown>;

  @Field(() => Boolean)
  active: boolean;

  @Field(() => String, { description: "Name of the step it adds to documents: deliver:<name>." })
  step: string;

  @Field(() => Date)
  createdAt: Date;
}
