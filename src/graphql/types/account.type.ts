import { Field, ID, ObjectType } from "type-graphql";

@ObjectType("User", { description: "A user of this Folio instance." })
export class UserType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  email: string;

  @Field(() => Boolean)
  isAdmin: boolean;

  @Field(() => Date)
  createdAt: Date;
}

@ObjectType("ApiKey", { description: "An API key (never its secret)." })
export class ApiKeyType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: "The public part of the key, shown to tell keys apart." })
  prefix: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}

@ObjectType({ description: "A new API key. `key` is shown only here, once." })
export class CreatedApiKey {
  @Field(() => String)
  key: string;

  @Field(() => ApiKeyType)
  apiKey: ApiKeyType;
}

@ObjectType({ description: "A new user and their first API key (shown once)." })
export class CreatedUser {
  @Field(() => UserType)
  user: UserType;

  @Field(() => String)
  apiKey: string;
}
