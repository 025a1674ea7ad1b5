import type { FileUpload } from "graphql-upload-minimal";
import { GraphQLUpload } from "graphql-upload-minimal";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { audited, auditRequest } from "../audit-request.js";
import { AppError, ValidationError } from "../../errors/app.error.js";
import { toAppError } from "../../errors/error.normaliser.js";
import { STEP_NAMES } from "../../pipeline/step.js";
import { loadOwnDocument, requireUser, type GraphQLContext } from "../context.js";
import { DocumentHistoryArgs, DocumentsArgs, ReprocessArgs, TextSliceArgs, UploadOptionsArgs } from "../inputs/document.args.js";
import { DocumentFilter, UploadInput } from "../inputs/document.input.js";
import { IdArgs } from "../inputs/id.args.js";
import { toDocumentType, toEventType, toPageType, toStepType } from "../mappers.js";
import { DocumentConnection, UploadResult } from "../types/connection.type.js";
import { DocumentDownloads, DocumentPageType, DocumentText, DocumentType, ProcessingEventType, ProcessingStepType } from "../types/document.type.js";
import { DocumentOrder, toOcrMode } from "../types/enums.js";
import { UploadError, UploadOutcome } from "../types/upload.type.js";
import { chargeResponseText, textComplexity } from "../response-budget.js";
import { awaitUpload, openUpload } from "../upload-stream.js";

const MAX_PAGE = 100;
const MAX_EVENTS_PAGE = 1000;
const MAX_TEXT_SLICE = 1_000_000;

/** Documents: queries, uploads, lifecycle mutations and their fields. */
@Resolver(() => DocumentType)
export class DocumentResolver {
  @Query(() => DocumentType, { description: "A document of yours (admins: anyone's). NOT_FOUND otherwise." })
  async document(@Args(() => IdArgs) { id }: IdArgs, @Ctx() ctx: GraphQLContext): Promise<DocumentType> {
    return toDocumentType(await loadOwnDocument(ctx, id));
  }

  @Query(() => DocumentConnection, { description: "Your documents (admins: everyone's), newest first, filtered and paged.", complexity: ({ args, childComplexity }) => 5 + (Number(args.first) || 20) * childComplexity })
  async documents(@Ctx() ctx: GraphQLContext, @Args(() => DocumentsArgs) { filter, first, after, orderBy }: DocumentsArgs): Promise<DocumentConnection> {
    const user = requireUser(ctx);
    if (first < 1 || first > MAX_PAGE) throw new ValidationError(`first must be between 1 and ${MAX_PAGE}.`);
    const f = filter ?? new DocumentFilter();
    if (f.search) await ctx.services.rateLimits.consumeQuery(requireUser(ctx).id);
    if (f.ownerId && !user.isAdmin && f.ownerId !== user.id) throw new AppError("FORBIDDEN", "Only administrators may list other users' documents.");
    const page = await ctx.services.reads.documents.list({
      ownerId: user.isAdmin ? (f.ownerId ?? null) : user.id,
      filter: f,
      first,
      after,
      order: orderBy ?? (f.search ? DocumentOrder.RELEVANCE : DocumentOrder.CREATED_AT_DESC),
    });
    return {
      edges: page.rows.map((r) => ({ cursor: r.cursor, node: toDocumentType(r.doc) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.rows.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  @Query(() => [ProcessingEventType], { description: "A document's processing history after `afterSeq`, oldest first." })
  async documentEvents(@Ctx() ctx: GraphQLContext, @Args(() => DocumentHistoryArgs) { id, afterSeq, first }: DocumentHistoryArgs): Promise<ProcessingEventType[]> {
    const doc = await loadOwnDocument(ctx, id);
    if (first < 1 || first > MAX_EVENTS_PAGE) throw new ValidationError(`first must be between 1 and ${MAX_EVENTS_PAGE}.`);
    return (await ctx.services.reads.events.page(doc, afterSeq, first)).map(toEventType);
  }

  @FieldResolver(() => [ProcessingStepType], { description: "The pipeline steps and their current state." })
  async steps(@Root() doc: DocumentType, @Ctx() ctx: GraphQLContext): Promise<ProcessingStepType[]> {
    return (await ctx.loaders.stepsByDocument.load(doc.id)).map(toStepType);
  }

  @FieldResolver(() => [DocumentPageType], {
    description:
      "Pages that need OCR, each recorded as soon as it is read — before the document completes (announced by document.page events). Partial results: the document's text and fields stay the source of truth. Page texts count against MAX_RESPONSE_TEXT_BYTES.",
  })
  async pages(@Root() doc: DocumentType, @Ctx() ctx: GraphQLContext): Promise<DocumentPageType[]> {
    const pages = await ctx.loaders.pagesByDocument.load(doc.id);
    const bytes = pages.reduce((sum, page) => sum + (page.text ? Buffer.byteLength(page.text, "utf8") : 0), 0);
    chargeResponseText(ctx, bytes, ctx.services.app.config.api.maxResponseTextBytes);
    return pages.map(toPageType);
  }

  @FieldResolver(() => DocumentText, {
    nullable: true,
    description: "The extracted text, or a slice of it (pages separated by form feeds). Costs 1 complexity point per 1,000 characters of `limit`; a response carries at most MAX_RESPONSE_TEXT_BYTES of text (RESPONSE_TOO_LARGE past it).",
    complexity: ({ args, childComplexity }) => textComplexity(args.limit, childComplexity),
  })
  async text(@Root() doc: DocumentType, @Ctx() ctx: GraphQLContext, @Args(() => TextSliceArgs) { offset, limit }: TextSliceArgs): Promise<DocumentText | null> {
    if (offset < 0 || limit < 1 || limit > MAX_TEXT_SLICE) throw new ValidationError(`offset must be ≥ 0 and limit between 1 and ${MAX_TEXT_SLICE}.`);
    const slice = await ctx.services.reads.documents.textSlice(doc.id, offset, limit);
    if (!slice) return null;
    const { content, totalLength } = slice;
    chargeResponseText(ctx, Buffer.byteLength(content, "utf8"), ctx.services.app.config.api.maxResponseTextBytes);
    // substr returns min(limit, what is left) characters, so more text follows exactly when offset + limit < totalLength.
    return { content, offset, totalLength, truncated: offset + limit < totalLength };
  }

  @FieldResolver(() => DocumentDownloads, { description: "Time-limited links to the original and the processed output." })
  async downloads(@Root() doc: DocumentType, @Ctx() ctx: GraphQLContext): Promise<DocumentDownloads> {
    const { store, config } = ctx.services.app;
    const keys = await ctx.services.reads.documents.downloadKeys(doc.id);
    const ttl = config.downloadUrlTtlSeconds;
    const stem = keys.storageFilename.replace(/\.[^.]*$/, "");
    return {
      original: await store.downloadUrl(keys.rawKey, { expiresInSeconds: ttl, filename: keys.storageFilename, contentType: keys.detectedContentType ?? undefined }),
      text: keys.textKey ? await store.downloadUrl(keys.textKey, { expiresInSeconds: ttl, filename: `${stem}.txt`, contentType: "text/plain; charset=utf-8" }) : null,
      result: keys.resultKey ? await store.downloadUrl(keys.resultKey, { expiresInSeconds: ttl, filename: `${stem}.json`, contentType: "application/json" }) : null,
      searchablePdf: keys.searchablePdfKey
        ? await store.downloadUrl(keys.searchablePdfKey, { expiresInSeconds: ttl, filename: `${stem}.searchable.pdf`, contentType: "application/pdf" })
        : null,
      expiresAt: new Date(Date.now() + ttl * 1000),
    };
  }

  @Mutation(() => UploadResult, { description: "Upload one file (GraphQL multipart request). The document comes back at once; follow it with documentProgress." })
  async uploadDocument(
    @Arg("file", () => GraphQLUpload) file: Promise<FileUpload>,
    @Args(() => UploadOptionsArgs) { input }: UploadOptionsArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<UploadResult> {
    const user = requireUser(ctx);
    await ctx.services.rateLimits.consumeUpload(user.id, 1);
    return this.acceptUpload(ctx, user.id, await awaitUpload(file), input ?? new UploadInput(), input?.idempotencyKey ?? null);
  }

  @Mutation(() => [UploadOutcome], { description: "Upload several files; each gets its own outcome. An idempotency key K becomes K:0, K:1, … per file." })
  async uploadDocuments(
    @Arg("files", () => [GraphQLUpload]) files: Promise<FileUpload>[],
    @Args(() => UploadOptionsArgs) { input }: UploadOptionsArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<UploadOutcome[]> {
    const user = requireUser(ctx);
    const max = ctx.services.app.config.api.maxFilesPerUpload;
    if (files.length === 0 || files.length > max) throw new ValidationError(`Upload between 1 and ${max} files at once.`);
    await ctx.services.rateLimits.consumeUpload(requireUser(ctx).id, files.length);
    const outcomes: UploadOutcome[] = [];
    // Multipart streams arrive in order: each file must be consumed before the next one flows.
    for (const [index, pending] of files.entries()) {
      const upload = await awaitUpload(pending);
      try {
        const key = input?.idempotencyKey ? `${input.idempotencyKey}:${index}` : null;
        const result = await this.acceptUpload(ctx, user.id, upload, input ?? new UploadInput(), key);
        outcomes.push({ filename: upload.filename, document: result.document, created: result.created, error: null });
      } catch (thrown) {
        const error = toAppError(thrown);
        if (error.kind === "server") ctx.logger.error({ err: thrown }, "upload failed");
        outcomes.push({ filename: upload.filename, document: null, created: false, error: Object.assign(new UploadError(), { code: error.code, message: error.kind === "server" ? "The upload could not be stored." : error.message }) });
      }
    }
    return outcomes;
  }

  private async acceptUpload(ctx: GraphQLContext, ownerId: string, upload: FileUpload, input: UploadInput, idempotencyKey: string | null): Promise<UploadResult> {
    const result = await ctx.services.pipeline.intake.submit({
      ownerId,
      filename: upload.filename || "upload",
      contentType: upload.mimetype && upload.mimetype !== "application/octet-stream" ? upload.mimetype : null,
      stream: openUpload(upload),
      labels: input.labels ?? [],
      idempotencyKey,
      autoProcess: input.autoProcess ?? true,
      onDuplicate: input.onDuplicate,
      pdfPassword: input.pdfPassword ?? null,
      ocrMode: input.ocrMode ? toOcrMode(input.ocrMode) : null,
    });
    ctx.logger.info({ documentId: result.document.id, created: result.created }, "document uploaded");
    return { document: toDocumentType(result.document), created: result.created };
  }

  @Mutation(() => DocumentType, { description: "Start processing a document uploaded with autoProcess: false." })
  async processDocument(@Args(() => IdArgs) { id }: IdArgs, @Ctx() ctx: GraphQLContext): Promise<DocumentType> {
    const doc = await loadOwnDocument(ctx, id);
    // The state this request committed (QUEUED), not a re-read a worker may already have moved on.
    return toDocumentType(await ctx.services.pipeline.operations.process(doc.id));
  }

  @Mutation(() => DocumentType, { description: `Run the pipeline again, from \`fromStep\` (${STEP_NAMES.join(", ")}); earlier steps keep their results.` })
  async reprocessDocument(@Args(() => ReprocessArgs) { id, fromStep, ocrMode }: ReprocessArgs, @Ctx() ctx: GraphQLContext): Promise<DocumentType> {
    const doc = await loadOwnDocument(ctx, id);
    const queued = await ctx.services.pipeline.operations.reprocess(doc.id, fromStep ?? undefined, ocrMode ? { ocrMode: toOcrMode(ocrMode) } : {});
    await auditRequest(ctx, {
      action: "document.reprocess",
      targetType: "document",
      targetId: doc.id,
      detail: { fromStep: fromStep ?? STEP_NAMES[0], ownerId: doc.ownerId, ...(ocrMode ? { ocrMode } : {}) },
    });
    // The state this request committed (QUEUED), not a re-read a worker may already have moved on.
    return toDocumentType(queued);
  }

  @Mutation(() => DocumentType, { description: "Cancel a queued or processing document; a running worker stops it at once." })
  async cancelDocument(@Args(() => IdArgs) { id }: IdArgs, @Ctx() ctx: GraphQLContext): Promise<DocumentType> {
    const doc = await loadOwnDocument(ctx, id);
    return toDocumentType(await audited(ctx, ctx.services.pipeline.operations.cancel(doc.id), () => ({ action: "document.cancel", targetType: "document", targetId: doc.id, detail: { ownerId: doc.ownerId } })));
  }

  @Mutation(() => ID, { description: "Delete a document with its history and stored files. Returns its id." })
  async deleteDocument(@Args(() => IdArgs) { id }: IdArgs, @Ctx() ctx: GraphQLContext): Promise<string> {
    const doc = await loadOwnDocument(ctx, id);
    await ctx.services.pipeline.operations.delete(doc.id);
    await auditRequest(ctx, { action: "document.delete", targetType: "document", targetId: doc.id, detail: { ownerId: doc.ownerId, filename: doc.originalFilename, status: doc.status } });
    return doc.id;
  }
}

