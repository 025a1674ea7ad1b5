import { ArrayMaxSize, IsOptional, IsUUID, Length, Matches, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { DocumentStatus, OcrModeOption, OnDuplicate } from "../types/enums.js";

@InputType({ description: "Options of an upload." })
export class UploadInput {
  @Field(() => Boolean, { defaultValue: true, description: "False: store the document but hold it until processDocument." })
  autoProcess: boolean;

  @Field(() => String, { nullable: true, description: "The same key from the same user returns the same document (safe retries). 1-250 characters." })
  @IsOptional()
  // 250, not the column's 255: uploadDocuments stores K:0 … K:999 (MAX_FILES_PER_UPLOAD is at most 1000).
  @Length(1, 250)
  idempotencyKey?: string | null;

  @Field(() => OnDuplicate, { defaultValue: OnDuplicate.PROCESS_AGAIN })
  onDuplicate: OnDuplicate;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} _.:/-]{0,63}$/u, { each: true, message: "labels are 1-64 letters, digits, spaces or _ . : / -" })
  labels?: string[] | null;

  @Field(() => String, { nullable: true, description: "Password of an encrypted PDF. Stored encrypted, erased once processing ends." })
  @IsOptional()
  @MaxLength(1024)
  pdfPassword?: string | null;

  @Field(() => OcrModeOption, { nullable: true, description: "Which pages of a PDF to OCR for this document; unset: the server's OCR_MODE." })
  ocrMode?: OcrModeOption | null;
}

@InputType({ description: "Which documents to list." })
export class DocumentFilter {
  @Field(() => [DocumentStatus], { nullable: true })
  status?: DocumentStatus[] | null;

  @Field(() => [String], { nullable: true, description: "Document types, e.g. invoice." })
  @IsOptional()
  @ArrayMaxSize(20)
  documentType?: string[] | null;

  @Field(() => String, { nullable: true, description: "Documents carrying this label." })
  @IsOptional()
  @MaxLength(64)
  label?: string | null;

  @Field(() => Date, { nullable: true })
  createdAfter?: Date | null;

  @Field(() => Date, { nullable: true })
  createdBefore?: Date | null;

  @Field(() => String, { nullable: true, description: "Full-text search over extracted text, filename and summary." })
  @IsOptional()
  @Length(1, 200)
  search?: string | null;

  @Field(() => ID, { nullable: true, description: "Admins only: documents of this user." })
  @IsOptional()
  @IsUUID()
  ownerId?: string | null;
}

@InputType({ description: "Which live events to receive." })
export class DocumentEventsFilter {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(1000)
  @IsUUID("all", { each: true })
  documentIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Event types, e.g. document.completed." })
  @IsOptional()
  @ArrayMaxSize(20)
  types?: string[] | null;
}
