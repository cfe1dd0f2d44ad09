import {
  ACTION_APPROVE,
  ACTION_COMMENT,
  ACTION_MERGE,
  ACTION_REQUEST_CHANGES,
  ACTION_RERUN,
} from '../format/buttons.js';
import { openMergeModal, openReviewModal } from './act-modals.js';
import { type ActPort, actorWords, pullName, pullRef, resolveTarget, runAction, tellClicker } from './act-runner.js';
import type { BlockActionHandler } from './interaction-types.js';

/**
 * The action buttons of pull/merge request and failed run cards (docs/cli-and-config.md §4): Approve and Re-run act at
 * once; Request changes…, Comment… and Merge… open a modal. The ack is immediate and empty; everything else follows it.
 */
export const actButtons: BlockActionHandler<ActPort> = {
  actionIds: [ACTION_APPROVE, ACTION_REQUEST_CHANGES, ACTION_COMMENT, ACTION_MERGE, ACTION_RERUN],
  handle: (action, ctx, port) => ({
    later: async () => {
      const reply = {
        user: ctx.user,
        ...(ctx.responseUrl ? { responseUrl: ctx.responseUrl } : {}),
        channel: ctx.channel ?? null,
      };
      const resolved = resolveTarget(port, action.value, action.action_id === ACTION_RERUN ? 'run' : 'pull', ctx);
      if (!resolved.ok) {
        await tellClicker(port, reply, resolved.message);
        return;
      }
      const target = resolved.target;
      switch (action.action_id) {
        case ACTION_APPROVE:
          await runAction(port, 'approve', target, reply, async (forge) => {
            await forge.approve(pullRef(target));
            const who = actorWords(port, ctx.user, target);
            return {
              reply: `:white_check_mark: Approved by ${who.mention} from Slack`,
              summary: `${who.plain} approved ${pullName(target)} from Slack`,
              event: 'reviews',
              action: 'approved',
            };
          });
          return;
        case ACTION_RERUN:
          await runAction(port, 'rerun', target, reply, async (forge) => {
            await forge.rerunFailed(target.repo, target.number);
            const who = actorWords(port, ctx.user, target);
            return {
              reply: `:arrows_counterclockwise: Failed jobs re-run by ${who.mention} from Slack`,
              summary: `${who.plain} re-ran the failed jobs of ${target.repo} run ${target.number} from Slack`,
              event: 'pipelines',
              action: 'rerun',
            };
          });
          return;
        case ACTION_MERGE:
          await openMergeModal(port, target, reply, ctx.triggerId);
          return;
        default:
          await openReviewModal(
            port,
            target,
            reply,
            ctx.triggerId,
            action.action_id === ACTION_COMMENT ? 'comment' : 'request_changes',
          );
      }
    },
  }),
};
