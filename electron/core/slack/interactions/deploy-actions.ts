import type { View } from '@slack/types';
import type { DeploymentDecision, ForgeActions } from '../../forges/actions/forge-actions.js';
import { ACTION_DEPLOY_APPROVE, ACTION_DEPLOY_REJECT } from '../format/buttons.js';
import {
  type ActPort,
  type ActTarget,
  type Done,
  actorWords,
  type Reply,
  resolveTarget,
  runAction,
  tellClicker,
  actorOrTold,
} from './act-runner.js';
import type { BlockActionHandler, SubmittedView, ViewSubmissionHandler } from './interaction-types.js';

/**
 * A deployment waiting for approval (docs/cli-and-config.md §4): **Approve** acts at once, **Reject…** opens a modal
 * with an optional comment. One card per environment waiting (GitHub's dialog approves selected environments; GitLab
 * has one deployment per environment): a click decides that environment only. Same identity rules, in-flight guard,
 * confirmation and feed row as the other actions (act-runner.ts).
 */

export const DEPLOY_REJECT_CALLBACK = 'forgebell_deploy_reject';

/** What the Reject… modal carries, sealed (modal-seal.ts): who opened it, which deployment, where to confirm. */
interface Sealed {
  u: string;
  a: string;
  url: string;
  repo: string;
  n: number;
  env: string;
  ch: string | null;
  ts: string | null;
}

const clean = (text: string): string => text.replace(/[&<>]/g, '');

/** The forge call and the words for it: "Deployment to production approved by <@U…> from Slack". */
function decide(
  port: ActPort,
  target: ActTarget,
  user: string,
  decision: DeploymentDecision,
  comment: string,
): (forge: ForgeActions) => Promise<Done> {
  return async (forge) => {
    const environment = target.environment ?? '';
    await forge.reviewDeployment({ repo: target.repo, id: target.number, environment }, decision, comment);
    const who = actorWords(port, user, target);
    const word = decision === 'approved' ? 'approved' : 'rejected';
    return {
      reply: `${decision === 'approved' ? ':white_check_mark:' : ':no_entry:'} Deployment to ${clean(environment)} ${word} by ${who.mention} from Slack`,
      summary: `${who.plain} ${word} the deployment of ${target.repo} to ${environment} from Slack`,
      event: 'deployments',
      action: word,
    };
  };
}

export const deployButtons: BlockActionHandler<ActPort> = {
  actionIds: [ACTION_DEPLOY_APPROVE, ACTION_DEPLOY_REJECT],
  handle: (action, ctx, port) => ({
    later: async () => {
      const reply: Reply = {
        user: ctx.user,
        ...(ctx.responseUrl ? { responseUrl: ctx.responseUrl } : {}),
        channel: ctx.channel ?? null,
      };
      const resolved = resolveTarget(port, action.value, 'deployment', ctx);
      if (!resolved.ok) {
        await tellClicker(port, reply, resolved.message);
        return;
      }
      const target = resolved.target;
      if (action.action_id === ACTION_DEPLOY_APPROVE) {
        await runAction(port, 'deploy_approve', target, reply, decide(port, target, ctx.user, 'approved', ''));
        return;
      }
      await openRejectModal(port, target, reply, ctx.triggerId);
    },
  }),
};

async function openRejectModal(
  port: ActPort,
  target: ActTarget,
  reply: Reply,
  triggerId: string | undefined,
): Promise<void> {
  const who = await actorOrTold(port, target.account, reply);
  if (!who) return;
  const web = port.slackWeb();
  if (!web || !triggerId) return;
  const environment = target.environment ?? '';
  const sealed: Sealed = {
    u: reply.user,
    a: target.account.id,
    url: target.url,
    repo: target.repo,
    n: target.number,
    env: environment,
    ch: target.channel,
    ts: target.threadTs,
  };
  const view: View = {
    type: 'modal',
    callback_id: DEPLOY_REJECT_CALLBACK,
    private_metadata: port.acting.seal.seal({ ...sealed }),
    title: { type: 'plain_text', text: 'Reject deployment' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Reject the deployment of <${target.url}|${clean(target.repo)}> to *${clean(environment)}*?`,
        },
      },
      {
        type: 'input',
        block_id: 'comment',
        optional: true,
        label: { type: 'plain_text', text: 'Comment (optional)' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
      },
    ],
  };
  await web.openView(triggerId, view).catch((error: unknown) => port.logger.warn('could not open a modal', { error }));
}

/** The sealed deployment of a submitted Reject… modal, only for the person it was opened for. */
function opened(port: ActPort, view: SubmittedView, user: string): ActTarget | null {
  const raw = port.acting.seal.open(view.private_metadata) as Partial<Sealed> | null;
  if (!raw || raw.u !== user || typeof raw.a !== 'string' || typeof raw.url !== 'string') return null;
  if (typeof raw.repo !== 'string' || typeof raw.n !== 'number' || typeof raw.env !== 'string') return null;
  const account = port.settings.current().accounts.find((a) => a.id === raw.a);
  if (!account) return null;
  return {
    account,
    repo: raw.repo,
    number: raw.n,
    url: raw.url,
    environment: raw.env,
    channel: raw.ch ?? null,
    threadTs: raw.ts ?? null,
  };
}

export const deployRejectSubmission: ViewSubmissionHandler<ActPort> = {
  callbackId: DEPLOY_REJECT_CALLBACK,
  handle: (view, ctx, port) => {
    const target = opened(port, view, ctx.user);
    if (!target) {
      port.logger.warn('a reject modal was submitted by someone it does not belong to; refused', { user: ctx.user });
      return {
        ack: {
          response_action: 'errors',
          errors: {
            comment:
              'This form is not yours, or Forgebell restarted since it was opened. Close it and use the button on the card again.',
          },
        },
      };
    }
    const comment = (view.state?.values?.comment?.value?.value ?? '').trim();
    const reply = { user: ctx.user, channel: target.channel };
    return {
      ack: {},
      later: () => runAction(port, 'deploy_reject', target, reply, decide(port, target, ctx.user, 'rejected', comment)),
    };
  },
};
