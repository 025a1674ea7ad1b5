import { Args, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { auditRequest } from "../audit-request.js";
import { loadOwnDocument, requireUser, type GraphQLContext } from "../context.js";
import { CorrectDocumentTypeArgs, CorrectFieldArgs } from "../inputs/correction.input.js";
import { toDocumentType, toTypeCorrectionType } from "../mappers.js";
import { DocumentType, TypeCorrectionType } from "../types/document.type.js";

/** People's corrections of completed documents: the mutations and the document's type correction. */
@Resolver(() => DocumentType)
export class CorrectionResolver {
  @Mutation(() => DocumentType, {
    description:
      "Set a field of a completed document of yours (admins: anyone's) to a person's value: it becomes the field's value (setBy PERSON, the machine's reading kept in `machine`), the summary and the result JSON are rebuilt, and document.corrected is logged and sent to webhooks. UNKNOWN_FIELD, INVALID_FIELD_VALUE, INVALID_BOX, DOCUMENT_NOT_CORRECTABLE, NOT_FOUND.",
  })
  async correctField(@Args(() => CorrectFieldArgs) { documentId, name, value, box }: CorrectFieldArgs, @Ctx() ctx: GraphQLContext): Promise<DocumentType> {
    const user = requireUser(ctx);
    const doc = await loadOwnDocument(ctx, documentId);
    const done = await ctx.services.pipeline.corrections.correctField({
      documentId: doc.id,
      name,
      value,
      box: box ? { page: box.page, box: { x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1 } } : null,
      actorId: user.id,
    });
    await auditRequest(ctx, {
      action: "document.correct_field",
      targetType: "document",
      targetId: doc.id,
      detail: { ownerId: doc.ownerId, correctionId: done.correctionId, field: name, value: done.value, machineValue: done.machineValue },
    });
    return toDocumentType(done.document);
  }

  @Mutation(() => DocumentType, {
    description: "Set the type of a completed document of yours (admins: anyone's) to a person's: the summary and the result JSON follow, document.corrected is logged and sent to webhooks. UNKNOWN_DOCUMENT_TYPE, DOCUMENT_NOT_CORRECTABLE, NOT_FOUND.",
  })
  async correctDocumentType(@Args(() => CorrectDocumentTypeArgs) { documentId, type }: CorrectDocumentTypeArgs, @Ctx() ctx: GraphQLContext): Promise<DocumentType> {
    const user = requireUser(ctx);
    const doc = await loadOwnDocument(ctx, documentId);
    const done = await ctx.services.pipeline.corrections.correctDocumentType({ documentId: doc.id, type, actorId: user.id });
    await auditRequest(ctx, {
      action: "document.correct_type",
      targetType: "document",
      targetId: doc.id,
      detail: { ownerId: doc.ownerId, correctionId: done.correctionId, type: done.value, machineType: done.machineValue },
    });
    return toDocumentType(done.document);
  }

  @FieldResolver(() => TypeCorrectionType, { nullable: true, description: "The type a person set (correctDocumentType), with the classifier's; null when the type is the machine's." })
  async typeCorrection(@Root() doc: DocumentType, @Ctx() ctx: GraphQLContext): Promise<TypeCorrectionType | null> {
    const row = await ctx.loaders.typeCorrectionByDocument.load(doc.id);
    return row ? toTypeCorrectionType(row) : null;
  }
}
