import type { PersonInput, PersonView } from '../../../../electron/contract/schemas.js';
import {
  CLOCK_TIME,
  NOTIFY_REASONS,
  type NotifyReason,
  SLACK_USER_ID,
  timeZoneProblem,
} from '../../../../electron/contract/vocabulary/people.js';

/** The person editor's state: text stays text until saved. */
export interface PersonForm {
  slack: string;
  /** The Slack ID the person had when the editor opened (null: a new person). */
  previous: string | null;
  logins: Record<string, string>;
  notify: NotifyReason[];
  timeZone: string;
  quietFrom: string;
  quietTo: string;
  weekends: boolean;
}

export type PersonErrors = Partial<Record<'slack' | 'timeZone' | 'quiet' | `accounts.${string}`, string>>;

/** A browser's own time zone (the wizard's "add yourself" and a new person start with it). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function newPersonForm(accounts: readonly string[], slack = '', timeZone = 'UTC'): PersonForm {
  return {
    slack,
    previous: null,
    logins: Object.fromEntries(accounts.map((a) => [a, ''])),
    notify: [...NOTIFY_REASONS],
    timeZone,
    quietFrom: '',
    quietTo: '',
    weekends: false,
  };
}

export function formFromPerson(person: PersonView): PersonForm {
  return {
    slack: person.slack,
    previous: person.slack,
    logins: Object.fromEntries(person.accounts.map((a) => [a.account, a.login ?? ''])),
    notify: [...person.notify],
    timeZone: person.timeZone,
    quietFrom: person.quietHours?.from ?? '',
    quietTo: person.quietHours?.to ?? '',
    weekends: person.quietHours?.weekends ?? false,
  };
}

/** Problems the form can see before asking the engine (it checks again: claimed logins, unknown accounts). */
export function validatePerson(form: PersonForm): PersonErrors {
  const errors: PersonErrors = {};
  const slack = form.slack.trim();
  if (!slack) errors.slack = 'Choose the Slack user, or paste their member ID.';
  else if (!SLACK_USER_ID.test(slack))
    errors.slack = 'A Slack member ID looks like U0123ABCD (profile → ⋮ → Copy member ID).';
  for (const [account, login] of Object.entries(form.logins)) {
    const value = login.trim();
    if (value.startsWith('@')) errors[`accounts.${account}`] = 'Write the login without “@”.';
    else if (/\s/.test(value)) errors[`accounts.${account}`] = 'A login has no spaces.';
  }
  const tz = timeZoneProblem(form.timeZone.trim());
  if (tz) errors.timeZone = tz[0]?.toUpperCase() + tz.slice(1) + '.';
  const from = form.quietFrom.trim();
  const to = form.quietTo.trim();
  if (from || to) {
    if (!from || !to) errors.quiet = 'Set both times, or neither (no quiet hours).';
    else if (!CLOCK_TIME.test(from) || !CLOCK_TIME.test(to)) errors.quiet = 'Write the times as HH:MM (24-hour).';
    else if (from === to) errors.quiet = 'Quiet hours need an end different from their start.';
  }
  return errors;
}

export function formToPersonInput(form: PersonForm): PersonInput {
  const from = form.quietFrom.trim();
  const to = form.quietTo.trim();
  return {
    slack: form.slack.trim(),
    ...(form.previous && form.previous !== form.slack.trim() ? { previous: form.previous } : {}),
    accounts: Object.fromEntries(
      Object.entries(form.logins)
        .map(([account, login]) => [account, login.trim()] as const)
        .filter(([, login]) => login !== ''),
    ),
    notify: NOTIFY_REASONS.filter((r) => form.notify.includes(r)),
    timeZone: form.timeZone.trim(),
    quietHours: from && to ? { from, to, weekends: form.weekends } : null,
  };
}

/** "19:00–08:00, weekends" or "none". */
export function describeQuietHours(quiet: PersonView['quietHours']): string {
  if (!quiet) return 'none';
  return `${quiet.from}–${quiet.to}${quiet.weekends ? ', and weekends' : ''}`;
}
