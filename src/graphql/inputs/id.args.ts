import { ArgsType, Field, ID } from "type-graphql";

/** `(id: ID!)`: the one argument of every query or mutation about a single record. */
@ArgsType()
export class IdArgs {
  @Field(() => ID)
  id: string;
}
