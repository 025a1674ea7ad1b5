import type { ApiKeyEntity, DocumentEntity, ProcessingStepEntity, UserEntity } from "../db/entities/index.js";
import { DocumentStatus } from "../db/entities/index.js";
import type { ProgressEvent } from "../events/progress-event.js";
import type { ExtractedField, Money } from "../extraction/extraction.types.js";
import { ApiKeyType, UserType } from "./types/account.type.js";
import { DocumentType, ExtractedFieldType, ProcessingEventType, ProcessingStepType } from "./types/document.type.js";

/*
 * Entities → GraphQL types. The public schema is written here, field by field,
 * so storage keys, hashes, sealed passwords and internal step results can
 * never leak by accident when an entity grows a column.
 */

function fieldValue(value: ExtractedField["value"]): { value: string; money: Money | null } {
  if (typeof value === "string") return { value, money: null };
  return { value: value.amount.toFixed(2), money: { amount: value.amount, currency: value.currency } };
}

export function toExtractedFieldType(field: ExtractedField): ExtractedFieldType {
  const { value, money } = fieldValue(field.value);
  return Object.assign(new ExtractedFieldType(), { name: field.name, raw: field.raw, value, money, confidence: field.confidence, page: field.page, start: field.start, end: field.end });
}

export function toDocumentType(doc: DocumentEntity): DocumentType {
  return Object.assign(new DocumentType(), {
    id: doc.id,
    ownerId: doc.ownerId,
    filename: doc.originalFilename,
    declaredContentType: doc.declaredContentType,
    detectedContentType: doc.detectedContentType,
    sizeBytes: doc.sizeBytes,
    status: doc.status,
    held: doc.held,
    progress: doc.progress,
    currentStep: doc.currentStep,
    attempts: doc.attempts,
    documentType: doc.documentType,
    typeConfidence: doc.typeConfidence,
    fields: ((doc.fields ?? []) as ExtractedField[]).map(toExtractedFieldType),
    summary: doc.summary,
    pageCount: doc.pageCount,
    errorCode: doc.errorCode,
    errorMessage: doc.errorMessage,
    labels: doc.labels ?? [],
    createdAt: doc.createdAt,
    startedAt: doc.startedAt,
    completedAt: doc.completedAt,
    processingMs: doc.processingMs,
  });
}

export function toStepType(step: ProcessingStepEntity): ProcessingStepType {
  return Object.assign(new ProcessingStepType(), {
    name: step.name,
    position: step.position,
    status: step.status,
    attempts: step.attempts,
    startedAt: step.startedAt,
    completedAt: step.completedAt,
    durationMs: step.durationMs,
    errorCode: step.errorCode,
    errorMessage: step.errorMessage,
    output: step.output,
  });
}

export function toEventType(event: ProgressEvent): ProcessingEventType {
  return Object.assign(new ProcessingEventType(), {
    documentId: event.documentId,
    seq: event.seq,
    type: event.type,
    step: event.step,
    status: event.status,
    documentStatus: (Object.values(DocumentStatus) as string[]).includes(event.documentStatus) ? (event.documentStatus as DocumentStatus) : DocumentStatus.PROCESSING,
    progress: event.progress,
    stepProgress: event.stepProgress,
    message: event.message,
    detail: event.detail,
    createdAt: new Date(event.createdAt),
  });
}

export function toUserType(user: UserEntity): UserType {
  return Object.assign(new UserType(), { id: user.id, email: user.email, isAdmin: user.isAdmin, createdAt: user.createdAt });
}

export function toApiKeyType(key: ApiKeyEntity): ApiKeyType {
  return Object.assign(new ApiKeyType(), { id: key.id, name: key.name, prefix: key.prefix, createdAt: key.createdAt, lastUsedAt: key.lastUsedAt, revokedAt: key.revokedAt });
}
