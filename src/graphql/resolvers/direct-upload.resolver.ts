import { Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { requireUser, type GraphQLContext } from "../context.js";
import { RequestUploadArgs } from "../inputs/direct-upload.input.js";
import { IdArgs } from "../inputs/id.args.js";
import { toDocumentType } from "../mappers.js";
import { UploadResult } from "../types/connection.type.js";
import { toOcrMode } from "../types/enums.js";
import { DirectUpload, UploadLimits } from "../types/direct-upload.type.js";

/** Direct uploads (s3 driver): the client writes the bytes to the object store itself; Folio verifies them afterwards. */
@Resolver()
export class DirectUploadResolver {
  @Query(() => UploadLimits, {
    description: "How this server takes files: MAX_UPLOAD_BYTES, and whether and from what size to use requestUpload instead of uploadDocument (the web UI follows it).",
  })
  uploadLimits(@Ctx() ctx: GraphQLContext): UploadLimits {
    requireUser(ctx);
    const { config, store } = ctx.services.app;
    const direct = store.directUploads;
    return {
      maxBytes: config.maxUploadBytes,
      directUploads: direct,
      directUploadMinBytes: direct ? config.directUploadMinBytes : null,
      directUploadMaxBytes: direct ? ctx.services.pipeline.directUploads.maxBytes : null,
    };
  }

  @Mutation(() => DirectUpload, {
    description:
      "Ask to upload a file straight to the object store (s3 driver only; DIRECT_UPLOAD_UNSUPPORTED otherwise). PUT the bytes to `url`, then call completeUpload. Counts as one upload against UPLOAD_RATE_LIMIT.",
  })
  async requestUpload(@Args(() => RequestUploadArgs) { file, input }: RequestUploadArgs, @Ctx() ctx: GraphQLContext): Promise<DirectUpload> {
    const user = requireUser(ctx);
    const service = ctx.services.pipeline.directUploads;
    service.assertSupported();
    await ctx.services.rateLimits.consumeUpload(user.id, 1);
    const ticket = await service.request({
      ownerId: user.id,
      filename: file.filename,
      contentType: file.contentType ?? null,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      labels: input?.labels ?? [],
      autoProcess: input?.autoProcess ?? true,
      onDuplicate: input?.onDuplicate,
      idempotencyKey: input?.idempotencyKey ?? null,
      pdfPassword: input?.pdfPassword ?? null,
      ocrMode: input?.ocrMode ? toOcrMode(input.ocrMode) : null,
    });
    ctx.logger.info({ uploadId: ticket.id, sizeBytes: file.sizeBytes }, "direct upload requested");
    return { id: ticket.id, method: ticket.method, url: ticket.url, headers: Object.entries(ticket.headers).map(([name, value]) => ({ name, value })), expiresAt: ticket.expiresAt };
  }

  @Mutation(() => UploadResult, {
    description:
      "Verify a direct upload's object (size and SHA-256, streamed) and record its document, exactly once: completing again returns the same document with created: false. UPLOAD_NOT_FOUND, UPLOAD_EXPIRED, UPLOAD_NOT_RECEIVED, UPLOAD_SIZE_MISMATCH, UPLOAD_CHECKSUM_MISMATCH.",
  })
  async completeUpload(@Args(() => IdArgs) { id }: IdArgs, @Ctx() ctx: GraphQLContext): Promise<UploadResult> {
    const user = requireUser(ctx);
    const result = await ctx.services.pipeline.directUploads.complete(user.id, id);
    ctx.logger.info({ uploadId: id, documentId: result.document.id, created: result.created }, "direct upload completed");
    return { document: toDocumentType(result.document), created: result.created };
  }
}
