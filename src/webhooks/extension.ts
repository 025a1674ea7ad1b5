import type { WorkerExtension } from "../queue/worker-extensions.js";
import { webhookScope } from "./outbox.js";
import { WebhookSender } from "./sender.js";

/** The worker extension that runs the webhook sender beside the pipeline worker. */
export const webhookSenderExtension: WorkerExtension = async ({ ctx, queue, logger }) => {
  const sender = new WebhookSender({ dataSource: ctx.dataSource, config: ctx.config, logger: logger.child({ component: "webhooks" }), scope: webhookScope(queue) });
  await sender.start();
  return { name: "webhook-sender", stop: () => sender.stop() };
};
