import { Field, ID, ObjectType } from "type-graphql";

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
