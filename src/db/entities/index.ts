import { ApiKeyEntity } from "./api-key.entity.js";
import { DocumentEntity } from "./document.entity.js";
import { ProcessingEventEntity } from "./processing-event.entity.js";
import { ProcessingStepEntity } from "./processing-step.entity.js";
import { UserEntity } from "./user.entity.js";
import { WebhookEntity } from "./webhook.entity.js";
import { WebhookDeliveryAttemptEntity, WebhookDeliveryEntity } from "./webhook-delivery.entity.js";
import { DestinationEntity } from "./destination.entity.js";
import { AuditLogEntity } from "./audit-log.entity.js";
import { DocumentPageEntity } from "./document-page.entity.js";
import { DirectUploadEntity } from "./direct-upload.entity.js";
import { LearnedFieldAnchorEntity } from "./learned-field-anchor.entity.js";
import { LearnedTypeExampleEntity } from "./learned-type-example.entity.js";
import { FieldCorrectionEntity } from "./field-correction.entity.js";

export {
  ApiKeyEntity,
  AuditLogEntity,
  DestinationEntity,
  DirectUploadEntity,
  DocumentEntity,
  DocumentPageEntity,
  LearnedFieldAnchorEntity,
  LearnedTypeExampleEntity,
  FieldCorrectionEntity,
  ProcessingEventEntity,
  ProcessingStepEntity,
  UserEntity,
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
};
export { DeliveryStatus } from "./webhook-delivery.entity.js";
export type { DestinationKind } from "./destination.entity.js";
export { DocumentStatus, TERMINAL_DOCUMENT_STATUSES } from "./document.entity.js";
export { DirectUploadStatus } from "./direct-upload.entity.js";
export { TYPE_CORRECTION_FIELD } from "./field-correction.entity.js";
export { StepStatus } from "./processing-step.entity.js";
export { PageStatus } from "./document-page.entity.js";

/** Every entity, for the DataSource. */
export const ENTITIES = [
  UserEntity,
  ApiKeyEntity,
  DocumentEntity,
  ProcessingStepEntity,
  ProcessingEventEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  WebhookDeliveryAttemptEntity,
  DestinationEntity,
  AuditLogEntity,
  DocumentPageEntity,
  DirectUploadEntity,
  LearnedFieldAnchorEntity,
  LearnedTypeExampleEntity,
  FieldCorrectionEntity,
];
