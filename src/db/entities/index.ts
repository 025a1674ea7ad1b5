import { ApiKeyEntity } from "./api-key.entity.js";
import { DocumentEntity } from "./document.entity.js";
import { ProcessingEventEntity } from "./processing-event.entity.js";
import { ProcessingStepEntity } from "./processing-step.entity.js";
import { UserEntity } from "./user.entity.js";

export { ApiKeyEntity, DocumentEntity, ProcessingEventEntity, ProcessingStepEntity, UserEntity };
export { DocumentStatus, TERMINAL_DOCUMENT_STATUSES } from "./document.entity.js";
export { StepStatus } from "./processing-step.entity.js";

/** Every entity, for the DataSource. */
export const ENTITIES = [UserEntity, ApiKeyEntity, DocumentEntity, ProcessingStepEntity, ProcessingEventEntity];
