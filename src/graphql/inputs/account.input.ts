import { IsEmail, IsOptional, ValidateNested } from "class-validator";
import { ArgsType, Field, InputType } from "type-graphql";
import { IdArgs } from "./id.args.js";

@InputType()
export class CreateUserInput {
  @Field(() => String)
  @IsEmail()
  email: string;

  @Field(() => Boolean, { defaultValue: false })
  isAdmin: boolean;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => Boolean, { nullable: true })
  isAdmin?: boolean | null;
}

@InputType()
export class StatsRange {
  @Field(() => Date, { nullable: true, description: "Default: 30 days before `to`." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Default: now." })
  to?: Date | null;
}

/** `updateUser(id, input)`. */
@ArgsType()
export class UpdateUserArgs extends IdArgs {
  @Field(() => UpdateUserInput)
  @ValidateNested()
  input: UpdateUserInput;
}
