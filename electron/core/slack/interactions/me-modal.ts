import type { View } from '@slack/types';
import { NOTIFY_REASONS, REASON_LABELS, isNotifyReason, timeZoneProblem } from '../../../contract/vocabulary/people.js';
import type { SettingsAccess } from '../../engine/settings-service.js';
import type { Logger } from '../../runtime/logger.js';
import type { Settings, StoredPerson } from '../../settings/settings-model.js';
import type { SubmittedInput, ViewSubmissionHandler } from './interaction-types.js';

export const ME_CALLBACK = 'forgebell_me';

function newPerson(slack: string): StoredPerson {
  return {
    slack,
    accounts: {},
    tokens: {},
    notify: [...NOTIFY_REASONS],
    timeZone: 'UTC',
    quietHours: null,
    digest: null,
  };
}

const clean = (text: string): string => text.replace(/[&<>]/g, '');

/**
 * `/forgebell me`: the caller's links per account (and whether they signed in), what they are notified about, their
 * time zone and quiet hours — editable; the person travels in private_metadata and only they may submit it.
 */
export function meView(
  slack: string,
  settings: Pick<Settings, 'people' | 'accounts'>,
  defaultTimeZone: string | null,
): View {
  const person = settings.people.find((p) => p.slack === slack) ?? {
    ...newPerson(slack),
    timeZone: defaultTimeZone ?? 'UTC',
  };
  const links = settings.accounts.map((a) => {
    const login = person.accounts[a.id];
    const signed = person.tokens[a.id] ? 'signed in' : 'not signed in';
    return login
      ? `• *${clean(a.id)}*: ${clean(login)} (${signed})`
      : `• *${clean(a.id)}*: not linked — \`/forgebell signin ${clean(a.id)}\``;
  });
  const option = (reason: (typeof NOTIFY_REASONS)[number]) => ({
    text: { type: 'plain_text' as const, text: REASON_LABELS[reason] },
    value: reason,
  });
  const weekends = {
    text: { type: 'plain_text' as const, text: 'Saturdays and Sundays are quiet too' },
    value: 'weekends',
  };
  return {
    type: 'modal',
    callback_id: ME_CALLBACK,
    private_metadata: JSON.stringify({ slack }),
    title: { type: 'plain_text', text: 'You in Forgebell' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*Your links*\n${links.join('\n') || 'No accounts yet.'}` },
      },
      {
        type: 'input',
        block_id: 'notify',
        optional: true,
        label: { type: 'plain_text', text: 'DM me when' },
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: NOTIFY_REASONS.map(option),
          ...(person.notify.length ? { initial_options: person.notify.map(option) } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'timezone',
        label: { type: 'plain_text', text: 'Time zone' },
        hint: { type: 'plain_text', text: 'An IANA name, such as Europe/Berlin or America/New_York.' },
        element: { type: 'plain_text_input', action_id: 'value', initial_value: person.timeZone, max_length: 64 },
      },
      {
        type: 'input',
        block_id: 'quiet_from',
        optional: true,
        label: { type: 'plain_text', text: 'Quiet hours from' },
        element: {
          type: 'timepicker',
          action_id: 'value',
          ...(person.quietHours ? { initial_time: person.quietHours.from } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'quiet_to',
        optional: true,
        label: { type: 'plain_text', text: 'Quiet hours until' },
        hint: { type: 'plain_text', text: 'DMs that come in between are sent as one summary when quiet hours end.' },
        element: {
          type: 'timepicker',
          action_id: 'value',
          ...(person.quietHours ? { initial_time: person.quietHours.to } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'weekends',
        optional: true,
        label: { type: 'plain_text', text: 'Weekends' },
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: [weekends],
          ...(person.quietHours?.weekends ? { initial_options: [weekends] } : {}),
        },
      },
    ],
  };
}

export interface MeModalPort {
  settings: SettingsAccess;
  logger: Logger;
}

/** Reads the submitted modal; problems go back beside their fields (`response_action: errors`). */
export function readMeSubmission(
  values: Record<string, Record<string, SubmittedInput>>,
):
  | { ok: true; change: Pick<StoredPerson, 'notify' | 'timeZone' | 'quietHours'> }
  | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const notify = (values.notify?.value?.selected_options ?? []).map((o) => o.value ?? '').filter(isNotifyReason);
  const timeZone = (values.timezone?.value?.value ?? '').trim();
  const tzProblem = timeZoneProblem(timeZone);
  if (tzProblem) errors.timezone = tzProblem;
  const from = values.quiet_from?.value?.selected_time ?? null;
  const to = values.quiet_to?.value?.selected_time ?? null;
  const weekends = (values.weekends?.value?.selected_options ?? []).some((o) => o.value === 'weekends');
  if ((from === null) !== (to === null))
    errors[from === null ? 'quiet_from' : 'quiet_to'] = 'Set both times, or neither (no quiet hours).';
  else if (from !== null && from === to) errors.quiet_to = 'Quiet hours need an end different from their start.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    change: {
      notify,
      timeZone,
      quietHours: from !== null && to !== null ? { from, to, weekends } : null,
    },
  };
}

/** Saving `/forgebell me`: only the person the modal was opened for may submit it. */
export const meSubmission: ViewSubmissionHandler<MeModalPort> = {
  callbackId: ME_CALLBACK,
  handle: (view, ctx, port) => {
    let slack: string | null = null;
    try {
      slack = (JSON.parse(view.private_metadata ?? '') as { slack?: string }).slack ?? null;
    } catch {
      slack = null;
    }
    if (!slack || slack !== ctx.user) {
      port.logger.warn('a /forgebell me modal was submitted by someone else; ignored', { user: ctx.user });
      return { ack: { response_action: 'errors', errors: { timezone: 'This form belongs to someone else.' } } };
    }
    const read = readMeSubmission(view.state?.values ?? {});
    if (!read.ok) return { ack: { response_action: 'errors', errors: read.errors } };
    const person = slack;
    return {
      ack: {},
      later: async () => {
        await port.settings.update((s) => {
          const existing = s.people.find((p) => p.slack === person);
          const next = { ...(existing ?? newPerson(person)), ...read.change };
          return {
            ...s,
            people: existing ? s.people.map((p) => (p.slack === person ? next : p)) : [...s.people, next],
          };
        });
      },
    };
  },
};
