import type {
  BlockActionHandler,
  InteractionContext,
  InteractionReply,
  SubmittedView,
  ViewSubmissionHandler,
} from './interaction-types.js';
import { actButtons } from './act-buttons.js';
import { mergeSubmission, reviewSubmission } from './act-modals.js';
import { deployButtons, deployRejectSubmission } from './deploy-actions.js';
import { itemStateButtons } from './item-state-buttons.js';
import { meSubmission } from './me-modal.js';
import { newIssueSubmission } from './new-issue-modal.js';

/** Buttons by action_id. A new button: its file, and one line here. (URL buttons such as Open only need the ack.) */
export const BLOCK_ACTIONS = [itemStateButtons, actButtons, deployButtons] as const;

/** Modal submissions by callback_id. A new modal: its file, and one line here. */
export const VIEW_SUBMISSIONS = [
  newIssueSubmission,
  meSubmission,
  reviewSubmission,
  mergeSubmission,
  deployRejectSubmission,
] as const;

type PortOf<H> = H extends BlockActionHandler<infer P> ? P : H extends ViewSubmissionHandler<infer P> ? P : never;
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

/** What the engine provides to every button and modal: the intersection of their narrow ports. */
export type InteractionPorts = UnionToIntersection<
  PortOf<(typeof BLOCK_ACTIONS)[number]> | PortOf<(typeof VIEW_SUBMISSIONS)[number]>
>;

/**
 * One Socket Mode `interactive` envelope → the ack to send at once and the work to do after it: `block_actions` by
 * each action's `action_id`, `view_submission` by the view's `callback_id`. Unknown ones are acked and ignored.
 */
export function handleInteraction(ports: InteractionPorts, body: Record<string, unknown>): InteractionReply {
  const container = (body.container ?? {}) as { channel_id?: unknown; message_ts?: unknown };
  const message = (body.message ?? {}) as { ts?: unknown; thread_ts?: unknown };
  const channel = typeof container.channel_id === 'string' ? container.channel_id : undefined;
  const messageTs =
    typeof container.message_ts === 'string'
      ? container.message_ts
      : typeof message.ts === 'string'
        ? message.ts
        : undefined;
  const threadTs = typeof message.thread_ts === 'string' ? message.thread_ts : messageTs;
  const ctx: InteractionContext = {
    user: (body.user as { id?: string } | undefined)?.id ?? '',
    ...(typeof body.response_url === 'string' ? { responseUrl: body.response_url } : {}),
    ...(typeof body.trigger_id === 'string' ? { triggerId: body.trigger_id } : {}),
    ...(channel ? { channel } : {}),
    ...(messageTs ? { messageTs } : {}),
    ...(threadTs ? { threadTs } : {}),
  };
  if (body.type === 'block_actions') {
    const actions = Array.isArray(body.actions) ? (body.actions as { action_id?: unknown; value?: unknown }[]) : [];
    const replies: InteractionReply[] = [];
    for (const action of actions) {
      if (typeof action.action_id !== 'string') continue;
      const handler = BLOCK_ACTIONS.find((h) => h.actionIds.includes(action.action_id as string));
      if (!handler) continue;
      replies.push(
        handler.handle(
          { action_id: action.action_id, ...(typeof action.value === 'string' ? { value: action.value } : {}) },
          ctx,
          ports,
        ),
      );
    }
    return {
      later: async () => {
        for (const reply of replies) await reply.later?.();
      },
    };
  }
  if (body.type === 'view_submission') {
    const view = (body.view ?? {}) as SubmittedView;
    const handler = VIEW_SUBMISSIONS.find((h) => h.callbackId === view.callback_id);
    return handler ? handler.handle(view, ctx, ports) : {};
  }
  return {};
}
