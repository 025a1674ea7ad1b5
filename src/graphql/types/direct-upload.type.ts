import { Field, Float, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "An HTTP header a request must carry." })
export class HttpHeader {
  @Field(() => String)
  name: string;

  @Field(() => String)
  value: string;
}

@ObjectType({ description: "A direct upload: send the file's bytes with `method` to `url` with `headers`, then call completeUpload(id) before `expiresAt`." })
export class DirectUpload {
  @Field(() => ID, { description: "The id to pass to completeUpload." })
  id: string;

  @Field(() => String, { description: "The HTTP method of the upload request (PUT)." })
  method: string;

  @Field(() => String, { description: "Where the bytes go: a presigned URL of the object store, usable without an API key until it expires." })
  url: string;

  @Field(() => [HttpHeader], { description: "Headers to send with the upload request (besides Content-Length)." })
  headers: HttpHeader[];

  @Field(() => Date, { description: "When the URL stops working and the upload can no longer be completed." })
  expiresAt: Date;
}

@ObjectType({ description: "How this server takes files: the size limit, and whether (and from what size) to upload straight to the object store." })
export class UploadLimits {
  @Field(() => Float, { description: "The largest file uploadDocument accepts (MAX_UPLOAD_BYTES)." })
  maxBytes: number;

  @Field(() => Boolean, { description: "Whether requestUpload is available (the s3 storage driver); false: every file goes through uploadDocument." })
  directUploads: boolean;

  @Field(() => Float, {
    nullable: true,
    description: "Files of at least this many bytes are better sent with requestUpload (DIRECT_UPLOAD_MIN_BYTES); smaller ones through uploadDocument. Null without direct uploads.",
  })
  directUploadMinBytes: number | null;

  @Field(() => Float, { nullable: true, description: "The largest file requestUpload accepts (MAX_UPLOAD_BYTES, and at most 5 GiB). Null without direct uploads." })
  directUploadMaxBytes: number | null;
}
