import { Args, Ctx, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import type { ProgressEvent } from "../../events/progress-event.js";
import { loadOwnDocument, requireUser, type GraphQLContext } from "../context.js";
import { DocumentEventsFeedArgs, DocumentProgressArgs } from "../inputs/document.args.js";
import { toEventType } from "../mappers.js";
import { ProcessingEventType } from "../types/document.type.js";

/** Live progress over graphql-ws, fed by the workers' Redis pub/sub events. */
@Resolver()
export class SubscriptionResolver {
  @Subscription(() => ProcessingEventType, {
    description: "A document's events after `afterSeq` (0: from the start): the logged ones first, then live ones, in seq order, each once; ends after the run's terminal event. Reconnect with the last seq you saw.",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, DocumentProgressArgs, GraphQLContext>) => {
      const doc = await loadOwnDocument(context, args.id);
      return context.services.reads.events.progressStream(doc, args.afterSeq);
    },
  })
  documentProgress(@Root() event: ProgressEvent, @Args(() => DocumentProgressArgs) _args: DocumentProgressArgs): ProcessingEventType {
    return toEventType(event);
  }

  @Subscription(() => ProcessingEventType, {
    description: "Live events of all your documents (admins: everyone's), for dashboards. No replay: use documentEvents for history.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, DocumentEventsFeedArgs, GraphQLContext>) => {
      const user = requireUser(context);
      const ids = args.filter?.documentIds?.length ? new Set(args.filter.documentIds) : null;
      const types = args.filter?.types?.length ? new Set(args.filter.types) : null;
      return context.services.reads.events.liveStream(
        (e) => (user.isAdmin || e.ownerId === user.id) && (!ids || ids.has(e.documentId)) && (!types || types.has(e.type)),
      );
    },
  })
  documentEvents(@Root() event: ProgressEvent, @Args(() => DocumentEventsFeedArgs) _args: DocumentEventsFeedArgs, @Ctx() _ctx: GraphQLContext): ProcessingEventType {
    return toEventType(event);
  }
}
