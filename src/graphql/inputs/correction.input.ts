import { IsOptional, Length, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, Float, ID, InputType, Int } from "type-graphql";

/*
 * Arguments of the correction mutations. class-validator checks only their
 * shape and size; whether a value, a box or a type makes sense for the
 * document is the correction service's to say, with its own codes
 * (UNKNOWN_FIELD, INVALID_FIELD_VALUE, INVALID_BOX, UNKNOWN_DOCUMENT_TYPE).
 */

@InputType("FieldBoxInput", { description: "Where a value stands: a 1-based page and a box in 0–1 page coordinates, origin top-left (x0 < x1, y0 < y1)." })
export class FieldBoxInput {
  @Field(() => Int)
  page: number;

  @Field(() => Float)
  x0: number;

  @Field(() => Float)
  y0: number;

  @Field(() => Float)
  x1: number;

  @Field(() => Float)
  y1: number;
}

/** `correctField(documentId, name, value, box)`. */
@ArgsType()
export class CorrectFieldArgs {
  @Field(() => ID)
  documentId: string;

  @Field(() => String, { description: "The field's name, one of those listed at ExtractedField.name." })
  @Length(1, 64)
  name: string;

  @Field(() => String, { description: "The value as a person reads it (e.g. 2024-03-01, 1 March 2024, EUR 1.234,50, INV-0046); normalised like the extractors' values." })
  // The service caps a value at 500 characters with INVALID_FIELD_VALUE; this only keeps huge strings out.
  @MaxLength(10_000)
  value: string;

  @Field(() => FieldBoxInput, { nullable: true, description: "Where the value stands on the page, when the person pointed at it." })
  @IsOptional()
  @ValidateNested()
  box?: FieldBoxInput | null;
}

/** `correctDocumentType(documentId, type)`. */
@ArgsType()
export class CorrectDocumentTypeArgs {
  @Field(() => ID)
  documentId: string;

  @Field(() => String, { description: "invoice, receipt, contract, bank_statement, letter, form, id_document, resume or other." })
  @Length(1, 64)
  type: string;
}
