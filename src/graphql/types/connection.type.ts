import { Field, Int, ObjectType } from "type-graphql";
import { DocumentType } from "./document.type.js";

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@ObjectType()
export class DocumentEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => DocumentType)
  node: DocumentType;
}

@ObjectType({ description: "A page of documents (Relay cursor connection)." })
export class DocumentConnection {
  @Field(() => [DocumentEdge])
  edges: DocumentEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: "Documents matching the filter, over all pages." })
  totalCount: number;
}

@ObjectType({ description: "A document upload's outcome." })
export class UploadResult {
  @Field(() => DocumentType)
  document: DocumentType;

  @Field(() => Boolean, { description: "False when an existing document was returned (idempotency key or RETURN_EXISTING)." })
  created: boolean;
}
