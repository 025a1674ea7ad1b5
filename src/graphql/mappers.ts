import type { ApiKeyEntity, DocumentEntity, DocumentPageEntity, FieldCorrectionEntity, ProcessingStepEntity, UserEntity } from "../db/entities/index.js";
import { DocumentStatus } from "../db/entities/index.js";
import type { ProgressEvent } from "../events/progress-event.js";
import type { ExtractedField, FieldAlternative, LineItem, Money } from "../extraction/extraction.types.js";
import { SetBy, toOcrModeOption } from "./types/enums.js";
import { ApiKeyType, UserType } from "./types/account.type.js";
import type { BBox } from "../extraction/page/page.model.js";
import { toEventDetails } from "./event-details.mapper.js";
import {
  BoundingBoxType,
  DocumentPageType,
  DocumentType,
  ExtractedFieldType,
  FieldAlternativeType,
  FieldCheckType,
  LineItemType,
  MoneyValue,
  ProcessingEventType,
  ProcessingStepType,
  TypeCorrectionType,
} from "./types/document.type.js";

/*
 * Entities → GraphQL types. The public schema is written here, field by field,
 * so storage keys, hashes, sealed passwords and internal step results can
 * never leak by accident when an entity grows a column.
 */

function fieldValue(value: ExtractedField["value"]): { value: string; money: Money | null } {
  if (typeof value === "string") return { value, money: null };
  return { value: value.amount.toFixed(2), money: { amount: value.amount, currency: value.currency } };
}

function toBox(box: BBox | null | undefined): BoundingBoxType | null {
  return box ? Object.assign(new BoundingBoxType(), { x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1 }) : null;
}

export function toExtractedFieldType(field: ExtractedField): ExtractedFieldType {
  const { value, money } = fieldValue(field.value);
  // Fields stored before geometry existed have no box, alternatives or checks.
  const alternatives = (field.alternatives ?? []).map(toAlternative);
  const checks = (field.checks ?? []).map((c) => Object.assign(new FieldCheckType(), { name: c.name, passed: c.passed, expected: c.expected, actual: c.actual }));
  return Object.assign(new ExtractedFieldType(), {
    name: field.name,
    raw: field.raw,
    value,
    money,
    confidence: field.confidence,
    ocrConfidence: field.ocrConfidence ?? null,
    page: field.page,
    box: toBox(field.box),
    alternatives,
    checks,
    learnedFrom: field.learnedFrom ?? null,
    embeddedFrom: field.embeddedFrom ?? null,
    start: field.start,
    end: field.end,
    setBy: field.setBy === "person" ? SetBy.PERSON : SetBy.MACHINE,
    correctedBy: field.setBy === "person" ? (field.correctedBy ?? null) : null,
    correctedAt: field.setBy === "person" && field.correctedAt ? new Date(field.correctedAt) : null,
    machine: field.setBy === "person" && field.machine ? toAlternative({ ...field.machine, box: field.machine.box ?? null }) : null,
  });
}

function toAlternative(a: FieldAlternative): FieldAlternativeType {
  const v = fieldValue(a.value);
  return Object.assign(new FieldAlternativeType(), { raw: a.raw, value: v.value, money: v.money, confidence: a.confidence, page: a.page, box: toBox(a.box) });
}

/** A person's type of a document (a `field_corrections` row of the type). */
export function toTypeCorrectionType(row: FieldCorrectionEntity): TypeCorrectionType {
  return Object.assign(new TypeCorrectionType(), {
    type: String(row.value),
    machineType: typeof row.machineValue === "string" ? row.machineValue : null,
    correctedBy: row.actorId,
    correctedAt: row.createdAt,
  });
}

function toMoney(m: Money): MoneyValue {
  return Object.assign(new MoneyValue(), { amount: m.amount, currency: m.currency });
}

export function toLineItemType(item: LineItem): LineItemType {
  return Object.assign(new LineItemType(), {
    description: item.description,
    quantity: item.quantity,
    unitPrice: item.unitPrice ? toMoney(item.unitPrice) : null,
    amount: toMoney(item.amount),
    page: item.page,
    box: toBox(item.box),
    confidence: item.confidence,
  });
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
    // A row read with a column list that leaves it out has none.
    ocrMode: toOcrModeOption(doc.ocrMode ?? null),
    progress: doc.progress,
    currentStep: doc.currentStep,
    attempts: doc.attempts,
    documentType: doc.documentType,
    typeConfidence: doc.typeConfidence,
    fields: ((doc.fields ?? []) as ExtractedField[]).map(toExtractedFieldType),
    // Documents processed before line items existed have none.
    lineItems: ((doc.lineItems ?? []) as LineItem[]).map(toLineItemType),
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

export function toPageType(page: DocumentPageEntity): DocumentPageType {
  return Object.assign(new DocumentPageType(), {
    number: page.pageNumber,
    status: page.status,
    text: page.text,
    confidence: page.confidence,
    errorCode: page.errorCode,
    completedAt: page.completedAt,
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
    details: toEventDetails(event.type, event.detail),
    createdAt: new Date(event.createdAt),
  });
}

export function toUserType(user: UserEntity): UserType {
  return Object.assign(new UserType(), { id: user.id, email: user.email, isAdmin: user.isAdmin, createdAt: user.createdAt });
}

export function toApiKeyType(key: ApiKeyEntity): ApiKeyType {
  return Object.assign(new ApiKeyType(), { id: key.id, name: key.name, prefix: key.prefix, createdAt: key.createdAt, lastUsedAt: key.lastUsedAt, revokedAt: key.revokedAt });
}
