import { Field, Int, ObjectType } from "type-graphql";

@ObjectType("LearnedIssuer", { description: "An issuer the owner's corrections taught Folio where to read fields." })
export class LearnedIssuerType {
  @Field(() => String, { description: "The issuer's strongest key: vat:…, iban:…, reg:…, name:… or domain:…; pass it to forgetLearning." })
  issuerKey: string;

  @Field(() => String, { nullable: true, description: "The issuer's name as a corrected document printed it." })
  issuerName: string | null;

  @Field(() => [String], { description: "Fields learned for this issuer." })
  fields: string[];

  @Field(() => Int, { description: "Learned anchors (one per corrected field and document)." })
  anchors: number;

  @Field(() => Int, { description: "Corrected documents they were learned from." })
  documents: number;

  @Field(() => Date)
  lastLearnedAt: Date;
}

@ObjectType("ForgetLearningResult", { description: "What forgetLearning removed." })
export class ForgetLearningResult {
  @Field(() => Int, { description: "Learned field anchors removed." })
  anchors: number;

  @Field(() => Int, { description: "Corrected-type examples removed." })
  typeExamples: number;
}
