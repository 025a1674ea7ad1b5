import { Field, ObjectType } from "type-graphql";
import { DocumentType } from "./document.type.js";

@ObjectType({ description: "Why one file of a multi-file upload was not accepted." })
export class UploadError {
  @Field(() => String)
  code: string;

  @Field(() => String)
  message: string;
}

@ObjectType({ description: "The outcome for one file of uploadDocuments." })
export class UploadOutcome {
  @Field(() => String)
  filename: string;

  @Field(() => DocumentType, { nullable: true })
  document: DocumentType | null;

  @Field(() => Boolean)
  created: boolean;

  @Field(() => UploadError, { nullable: true })
  error: UploadError | null;
}
