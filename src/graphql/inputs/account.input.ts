import { IsEmail, IsOptional } from "class-validator";
import { Field, InputType } from "type-graphql";

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
