import type { ChannelDigest, Weekday } from '../../../../electron/contract/vocabulary/people.js';
import { WEEKDAYS } from '../../../../electron/contract/vocabulary/people.js';

/**
 * The Digests editor's form: what the inputs hold (text as typed) and how it becomes a `digests[]` entry. The engine
 * checks everything again (contract schema, accounts, repository paths); this gives the same words before a round trip.
 */
export interface DigestForm {
  channel: string;
  at: string;
  days: Weekday[];
  timeZone: string;
  /** One repository or pattern a line, `<account-id>:<path>`; empty: the channel's subscriptions. */
  repos: string;
  ignoreDrafts: boolean;
  staleAfterDays: string;
}

export const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

export function newDigestForm(timeZone: string, channel = ''): DigestForm {
  return {
    channel,
    at: '09:30',
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    timeZone,
    repos: '',
    ignoreDrafts: true,
    staleAfterDays: '2',
  };
}

export function formFromDigest(d: ChannelDigest): DigestForm {
  return {
    channel: d.channel,
    at: d.at,
    days: [...d.days],
    timeZone: d.timeZone,
    repos: d.repos.join('\n'),
    ignoreDrafts: d.ignoreDrafts,
    staleAfterDays: String(d.staleAfterDays),
  };
}

export function repoLines(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}

export function formToDigest(form: DigestForm): ChannelDigest {
  return {
    channel: form.channel.trim().replace(/^#/, ''),
    at: form.at,
    days: WEEKDAYS.filter((d) => form.days.includes(d)),
    timeZone: form.timeZone.trim(),
    repos: repoLines(form.repos),
    ignoreDrafts: form.ignoreDrafts,
    staleAfterDays: Number(form.staleAfterDays),
  };
}

const REPO = /^[A-Za-z0-9][A-Za-z0-9_.-]*:[^\s/]+(\/[^\s/]+)+$/;

/** Problems by field (`repos` for the whole list), in the engine's words where it has them. */
export function validateDigest(form: DigestForm, accounts: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.channel.trim().replace(/^#/, '')) errors.channel = 'Pick the channel it posts in.';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(form.at)) errors.at = 'Write the time as HH:MM (24-hour), e.g. 08:30.';
  if (form.days.length === 0) errors.days = 'Pick at least one day.';
  if (!form.timeZone.trim()) errors.timeZone = 'Give a time zone, such as Europe/Berlin.';
  const stale = Number(form.staleAfterDays);
  if (!Number.isInteger(stale) || stale < 1) errors.staleAfterDays = 'A whole number of working days, at least 1.';
  const bad = repoLines(form.repos).find((r) => !REPO.test(r));
  if (bad)
    errors.repos = `"${bad}": write a repository as <account-id>:<path>, e.g. ${accounts[0] ?? 'github'}:octo-org/api.`;
  else {
    const unknown = repoLines(form.repos).find((r) => !accounts.includes(r.slice(0, r.indexOf(':'))));
    if (unknown)
      errors.repos = `"${unknown}": there is no account "${unknown.slice(0, unknown.indexOf(':'))}" (accounts: ${accounts.join(', ') || 'none yet'}).`;
  }
  return errors;
}

/** "Mon–Fri at 09:30 Europe/Paris", "Mon, Wed at 17:00 UTC", "Every day at 08:00 UTC". */
export function describeSchedule(d: Pick<ChannelDigest, 'days' | 'at' | 'timeZone'>): string {
  const days = WEEKDAYS.filter((w) => d.days.includes(w));
  const key = days.join(',');
  const when =
    key === WEEKDAYS.join(',')
      ? 'Every day'
      : key === 'mon,tue,wed,thu,fri'
        ? 'Mon–Fri'
        : days.map((w) => DAY_LABELS[w]).join(', ');
  return `${when} at ${d.at} ${d.timeZone}`;
}
