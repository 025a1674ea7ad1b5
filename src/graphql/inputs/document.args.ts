import { IsOptional, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, Int } from "type-graphql";
import { DocumentOrder, OcrModeOption } from "../types/enums.js";
import { DocumentEventsFilter, DocumentFilter, UploadInput } from "./document.input.js";
import { IdArgs } from "./id.args.js";

/*
 * Argument lists, declared once (type-graphql copies an ArgsType's fields into
 * the field's arguments). Nested inputs carry @ValidateNested so their own
 * class-validator rules still run when validated as part of the list.
 */

/** `documents(filter, first, after, orderBy)`. */
@ArgsType()
export class DocumentsArgs {
  @Field(() => DocumentFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: DocumentFilter | null;

  @Field(() => Int, { defaultValue: 20 })
  first: number;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => DocumentOrder, { nullable: true })
  orderBy?: DocumentOrder | null;
}

/** `(id, afterSeq)`: a document's events after a sequence number (0: from the start). */
@ArgsType()
export class DocumentProgressArgs extends IdArgs {
  @Field(() => Int, { defaultValue: 0 })
  afterSeq: number;
}

/** `documentEvents(id, afterSeq, first)`: a page of a document's history. */
@ArgsType()
export class DocumentHistoryArgs extends DocumentProgressArgs {
  @Field(() => Int, { defaultValue: 100 })
  first: number;
}

/** `documentEvents(filter)` (the live feed). */
@ArgsType()
export class DocumentEventsFeedArgs {
  @Field(() => DocumentEventsFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: DocumentEventsFilter | null;
}

/** `Document.text(offset, limit)`: a slice of the extracted text, in characters. */
@ArgsType()
export class TextSliceArgs {
  @Field(() => Int, { defaultValue: 0 })
  offset: number;

  @Field(() => Int, { defaultValue: 100_000 })
  limit: number;
}

/** `reprocessDocument(id, fromStep)`. */
@ArgsType()
export class ReprocessArgs extends IdArgs {
  @Field(() => String, { nullable: true })
  fromStep?: string | null;

  @Field(() => OcrModeOption, { nullable: true, description: "Make this the document's OCR mode; the run then starts at extract_text at the latest." })
  ocrMode?: OcrModeOption | null;
}

/** The options of `uploadDocument` and `uploadDocuments` (the file arguments differ). */
@ArgsType()
export class UploadOptionsArgs {
  @Field(() => UploadInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  input?: UploadInput | null;
}

/** `retryDelivery(documentId, destination)`. */
@ArgsType()
export class RetryDeliveryArgs {
  @Field(() => ID)
  documentId: string;

  @Field(() => String)
  destination: string;
}
