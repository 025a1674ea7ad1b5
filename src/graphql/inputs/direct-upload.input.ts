import { IsOptional, Length, Matches, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, Float, InputType } from "type-graphql";
import { UploadInput } from "./document.input.js";

@InputType({ description: "The file a direct upload will carry, as the client declares it; completeUpload checks the stored object against it." })
export class DirectUploadFileInput {
  @Field(() => String, { description: "The filename as the user knows it (the same filename policy as uploadDocument)." })
  @Length(1, 1024)
  filename: string;

  @Field(() => String, { nullable: true, description: "The content type the client claims; the pipeline judges by content." })
  @IsOptional()
  @MaxLength(255)
  contentType?: string | null;

  @Field(() => Float, { description: "Exact size in bytes; at most MAX_UPLOAD_BYTES (and 5 GiB)." })
  sizeBytes: number;

  @Field(() => String, { description: "SHA-256 of the file's bytes, 64 hexadecimal digits." })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: "sha256 must be 64 hexadecimal digits" })
  sha256: string;
}

/** `requestUpload(file, input)`: the declared file and the same options as uploadDocument. */
@ArgsType()
export class RequestUploadArgs {
  @Field(() => DirectUploadFileInput)
  @ValidateNested()
  file: DirectUploadFileInput;

  @Field(() => UploadInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  input?: UploadInput | null;
}
