import { Arg, Ctx, ID, Int, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { DocumentProgressStream, LiveEventStream } from "../../events/progress-stream.js";
import type { ProgressEvent } from "../../events/progress-event.js";
import { loadOwnDocument, requireUser, type GraphQLContext } from "../context.js";
import { DocumentEventsFilter } from "../inputs/document.input.js";
import { toEventType } from "../mappers.js";
import { ProcessingEventType } from "../types/document.type.js";

interface ProgressArgs {
  id: string;
  afterSeq: number;
}

/** Live progress over graphql-ws, fed by the workers' Redis pub/sub events. */
@Resolver()
export class SubscriptionResolver {
  @Subscription(() => ProcessingEventType, {
    description: "A document's events after `afterSeq` (0: from the start): the logged ones first, then live ones, in seq order, each once; ends after the run's terminal event. Reconnect with the last seq you saw.",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, ProgressArgs, GraphQLContext>) => {
      const doc = await loadOwnDocument(context, args.id);
      return new DocumentProgressStream({ hub: context.services.hub, dataSource: context.services.app.dataSource }, doc.id, doc.ownerId, args.afterSeq);
    },
  })
  documentProgress(
    @Root() event: ProgressEvent,
    @Arg("id", () => ID) _id: string,
    @Arg("afterSeq", () => Int, { defaultValue: 0 }) _afterSeq: number,
  ): ProcessingEventType {
    return toEventType(event);
  }

  @Subscription(() => ProcessingEventType, {
    description: "Live events of all your documents (admins: everyone's), for dashboards. No replay: use documentEvents for history.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { filter?: DocumentEventsFilter | null }, GraphQLContext>) => {
      const user = requireUser(context);
      const ids = args.filter?.documentIds?.length ? new Set(args.filter.documentIds) : null;
      const types = args.filter?.types?.length ? new Set(args.filter.types) : null;
      return new LiveEventStream(
        context.services.hub,
        (e) => (user.isAdmin || e.ownerId === user.id) && (!ids || ids.has(e.documentId)) && (!types || types.has(e.type)),
      );
    },
  })
  documentEvents(@Root() event: ProgressEvent, @Arg("filter", () => DocumentEventsFilter, { nullable: true }) _filter: DocumentEventsFilter | null, @Ctx() _ctx: GraphQLContext): ProcessingEventType {
    return toEventType(event);
  }
}
