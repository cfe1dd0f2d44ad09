import type { PlainTextElement, View } from '@slack/types';
import { ActionRefused, MERGE_METHOD_LABELS, type MergeMethod } from '../../forges/actions/forge-actions.js';
import {
  type ActPort,
  type ActTarget,
  actorWords,
  pullName,
  pullRef,
  type Reply,
  runAction,
  tellClicker,
  tokenForgotten,
  actorOrTold,
} from './act-runner.js';
import type { SubmittedView, ViewSubmissionHandler } from './interaction-types.js';

export const REVIEW_CALLBACK = 'forgebell_review';
export const MERGE_CALLBACK = 'forgebell_merge';

type ReviewMode = 'comment' | 'request_changes';

/** What an action modal carries, sealed (modal-seal.ts): who opened it, on what, and where to confirm. */
interface Sealed {
  u: string;
  a: string;
  url: string;
  repo: string;
  n: number;
  ch: string | null;
  ts: string | null;
  mode?: ReviewMode;
  methods?: MergeMethod[];
  sha?: string | null;
}

const clean = (text: string): string => text.replace(/[&<>]/g, '');

function sealFor(target: ActTarget, user: string, extra: Partial<Sealed>): Sealed {
  return {
    u: user,
    a: target.account.id,
    url: target.url,
    repo: target.repo,
    n: target.number,
    ch: target.channel,
    ts: target.threadTs,
    ...extra,
  };
}

function title(text: string): PlainTextElement {
  return { type: 'plain_text', text };
}

/** Request changes… / Comment…: one text field, required (an empty one is refused beside the field). */
export async function openReviewModal(
  port: ActPort,
  target: ActTarget,
  reply: Reply,
  triggerId: string | undefined,
  mode: ReviewMode,
): Promise<void> {
  const who = await actorOrTold(port, target.account, reply);
  if (!who) return;
  const web = port.slackWeb();
  if (!web || !triggerId) return;
  const view: View = {
    type: 'modal',
    callback_id: REVIEW_CALLBACK,
    private_metadata: port.acting.seal.seal({ ...sealFor(target, reply.user, { mode }) }),
    title: title(mode === 'comment' ? 'Comment' : 'Request changes'),
    submit: { type: 'plain_text', text: mode === 'comment' ? 'Comment' : 'Request changes' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `<${target.url}|${clean(pullName(target))}>` } },
      {
        type: 'input',
        block_id: 'body',
        label: { type: 'plain_text', text: mode === 'comment' ? 'Your comment' : 'What should change' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
      },
    ],
  };
  await web.openView(triggerId, view).catch((error: unknown) => port.logger.warn('could not open a modal', { error }));
}

function mergeView(
  port: ActPort,
  target: ActTarget,
  user: string,
  body: View['blocks'],
  sealed: Partial<Sealed> | null,
): View {
  return {
    type: 'modal',
    callback_id: MERGE_CALLBACK,
    private_metadata: sealed ? port.acting.seal.seal({ ...sealFor(target, user, sealed) }) : '',
    title: title('Merge'),
    ...(sealed ? { submit: { type: 'plain_text' as const, text: 'Merge' } } : {}),
    close: { type: 'plain_text', text: sealed ? 'Cancel' : 'Close' },
    blocks: body,
  };
}

/**
 * Merge…: opens at once ("reading…"), then shows the methods the repository allows and, read fresh from the forge, why
 * it cannot merge yet; "merge when checks pass" where the forge has it.
 */
export async function openMergeModal(
  port: ActPort,
  target: ActTarget,
  reply: Reply,
  triggerId: string | undefined,
): Promise<void> {
  const who = await actorOrTold(port, target.account, reply);
  if (!who) return;
  const forge = port.acting.forgeActions(target.account, who.token);
  const web = port.slackWeb();
  if (!forge) {
    await tellClicker(port, reply, `Forgebell cannot merge on ${target.account.forge} from Slack yet.`);
    return;
  }
  if (!web || !triggerId) return;
  const head = {
    type: 'section' as const,
    text: { type: 'mrkdwn' as const, text: `<${target.url}|${clean(pullName(target))}>` },
  };
  let viewId: string | null;
  try {
    viewId = await web.openViewForUpdate(
      triggerId,
      mergeView(
        port,
        target,
        reply.user,
        [head, { type: 'context', elements: [{ type: 'mrkdwn', text: 'Reading it from the forge…' }] }],
        null,
      ),
    );
  } catch (error) {
    port.logger.warn('could not open the merge modal', { error });
    return;
  }
  if (!viewId) return;
  let view: View;
  try {
    const info = await forge.mergeInfo(pullRef(target));
    const blockers = info.blockers.length
      ? `*Cannot merge yet:*\n${info.blockers.map((b) => `• ${clean(b)}`).join('\n')}`
      : ':white_check_mark: Ready to merge.';
    const options = info.methods.map((m) => ({
      text: { type: 'plain_text' as const, text: MERGE_METHOD_LABELS[m] },
      value: m,
    }));
    const blocks: View['blocks'] = [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `<${target.url}|${clean(pullName(target))}> ${clean(info.title)}` },
      },
      { type: 'section', text: { type: 'mrkdwn', text: blockers } },
    ];
    if (info.open && options.length) {
      blocks.push({
        type: 'input',
        block_id: 'method',
        label: { type: 'plain_text', text: 'Method' },
        element: {
          type: 'radio_buttons',
          action_id: 'value',
          options,
          ...(options[0] ? { initial_option: options[0] } : {}),
        },
      });
      if (info.canMergeWhenChecksPass) {
        const when = { text: { type: 'plain_text' as const, text: 'Merge when the checks pass' }, value: 'when' };
        blocks.push({
          type: 'input',
          block_id: 'when',
          optional: true,
          label: { type: 'plain_text', text: 'When' },
          element: {
            type: 'checkboxes',
            action_id: 'value',
            options: [when],
            ...(info.blockers.length ? { initial_options: [when] } : {}),
          },
        });
      }
    }
    view = mergeView(
      port,
      target,
      reply.user,
      blocks,
      info.open && options.length ? { methods: info.methods, sha: info.headSha } : null,
    );
  } catch (error) {
    let text = error instanceof ActionRefused ? error.message : 'Forgebell could not read it from the forge.';
    if (!(error instanceof ActionRefused)) port.logger.warn('could not read a pull request to merge', { error });
    if (error instanceof ActionRefused && error.reason === 'revoked' && who.personal) {
      await port.acting.forgetToken(reply.user, target.account.id);
      text = tokenForgotten(target.account);
    }
    view = mergeView(
      port,
      target,
      reply.user,
      [head, { type: 'section', text: { type: 'mrkdwn', text: clean(text) } }],
      null,
    );
  }
  await web
    .updateView(viewId, view)
    .catch((error: unknown) => port.logger.warn('could not update the merge modal', { error }));
}

/** The sealed target of a submitted modal, only for the person it was opened for. */
function opened(port: ActPort, view: SubmittedView, user: string): { sealed: Sealed; target: ActTarget } | null {
  const raw = port.acting.seal.open(view.private_metadata) as Partial<Sealed> | null;
  if (!raw || raw.u !== user || typeof raw.a !== 'string' || typeof raw.url !== 'string') return null;
  const account = port.settings.current().accounts.find((a) => a.id === raw.a);
  if (!account || typeof raw.repo !== 'string' || typeof raw.n !== 'number') return null;
  const sealed = raw as Sealed;
  return {
    sealed,
    target: { account, repo: sealed.repo, number: sealed.n, url: sealed.url, channel: sealed.ch, threadTs: sealed.ts },
  };
}

const NOT_YOURS =
  'This form is not yours, or Forgebell restarted since it was opened. Close it and use the button on the card again.';

export const reviewSubmission: ViewSubmissionHandler<ActPort> = {
  callbackId: REVIEW_CALLBACK,
  handle: (view, ctx, port) => {
    const found = opened(port, view, ctx.user);
    if (!found) {
      port.logger.warn('an action modal was submitted by someone it does not belong to; refused', { user: ctx.user });
      return { ack: { response_action: 'errors', errors: { body: NOT_YOURS } } };
    }
    const body = (view.state?.values?.body?.value?.value ?? '').trim();
    if (!body)
      return { ack: { response_action: 'errors', errors: { body: 'Write something first: it cannot be empty.' } } };
    const { sealed, target } = found;
    const mode: ReviewMode = sealed.mode === 'comment' ? 'comment' : 'request_changes';
    const reply = { user: ctx.user, channel: target.channel };
    return {
      ack: {},
      later: () =>
        runAction(port, mode, target, reply, async (forge) => {
          const who = actorWords(port, ctx.user, target);
          if (mode === 'comment') {
            await forge.comment(pullRef(target), body);
            return {
              reply: `:speech_balloon: ${who.mention} commented from Slack`,
              summary: `${who.plain} commented on ${pullName(target)} from Slack`,
              event: 'comments',
              action: 'created',
            };
          }
          await forge.requestChanges(pullRef(target), body);
          return {
            reply: `:memo: Changes requested by ${who.mention} from Slack`,
            summary: `${who.plain} requested changes on ${pullName(target)} from Slack`,
            event: 'reviews',
            action: 'changes_requested',
          };
        }),
    };
  },
};

export const mergeSubmission: ViewSubmissionHandler<ActPort> = {
  callbackId: MERGE_CALLBACK,
  handle: (view, ctx, port) => {
    const found = opened(port, view, ctx.user);
    if (!found) {
      port.logger.warn('a merge modal was submitted by someone it does not belong to; refused', { user: ctx.user });
      return { ack: { response_action: 'errors', errors: { method: NOT_YOURS } } };
    }
    const { sealed, target } = found;
    const method = view.state?.values?.method?.value?.selected_option?.value as MergeMethod | undefined;
    if (!method || !(sealed.methods ?? []).includes(method))
      return { ack: { response_action: 'errors', errors: { method: 'Choose how to merge.' } } };
    const whenChecksPass = (view.state?.values?.when?.value?.selected_options ?? []).some((o) => o.value === 'when');
    const reply = { user: ctx.user, channel: target.channel };
    return {
      ack: {},
      later: () =>
        runAction(port, 'merge', target, reply, async (forge) => {
          const outcome = await forge.merge(pullRef(target), { method, headSha: sealed.sha ?? null, whenChecksPass });
          const who = actorWords(port, ctx.user, target);
          return outcome === 'merged'
            ? {
                reply: `:large_purple_circle: Merged by ${who.mention} from Slack (${MERGE_METHOD_LABELS[method].toLowerCase()})`,
                summary: `${who.plain} merged ${pullName(target)} from Slack`,
                event: 'pulls',
                action: 'merged',
              }
            : {
                reply: `:hourglass_flowing_sand: ${who.mention} set it to merge when the checks pass (from Slack)`,
                summary: `${who.plain} set ${pullName(target)} to merge when the checks pass, from Slack`,
                event: 'pulls',
                action: 'auto_merge',
              };
        }),
    };
  },
};
