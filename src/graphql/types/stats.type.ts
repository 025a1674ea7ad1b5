import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType()
export class CountByKey {
  @Field(() => String)
  key: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: "Durations of one step over the range." })
export class StepTiming {
  @Field(() => String)
  step: string;

  @Field(() => Int)
  count: number;

  @Field(() => Float, { nullable: true })
  medianMs: number | null;

  @Field(() => Float, { nullable: true })
  p95Ms: number | null;
}

@ObjectType({ description: "What happened to documents created in a time range." })
export class ProcessingStats {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;

  @Field(() => Int)
  total: number;

  @Field(() => [CountByKey])
  byStatus: CountByKey[];

  @Field(() => [CountByKey])
  byType: CountByKey[];

  @Field(() => [StepTiming])
  steps: StepTiming[];

  @Field(() => [CountByKey], { description: "FAILED documents by error code." })
  failures: CountByKey[];
}
