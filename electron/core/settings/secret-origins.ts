import type { Settings } from './settings-model.js';

/**
 * A stored secret is only ever sent to the host it was entered for (docs/cli-and-config.md §8). When a change moves an API URL to
 * another origin, the secrets bound to the old one are forgotten unless the same change brings new ones.
 *
 * Secret references: `slack.botToken`, `slack.appToken`, `accounts.<id>.token`, `people.<slack>.tokens.<id>` (a
 * person's own token follows its account's origin the same way).
 */
export type SecretRef =
  'slack.botToken' | 'slack.appToken' | `accounts.${string}.token` | `people.${string}.tokens.${string}`;

export const accountTokenRef = (accountId: string): SecretRef => `accounts.${accountId}.token`;
export const personTokenRef = (slack: string, accountId: string): SecretRef => `people.${slack}.tokens.${accountId}`;

export interface ForgottenSecret {
  ref: SecretRef;
  /** For people: "the Slack bot token", "the token of account work". */
  label: string;
  /** The origin the secret was entered for, and the new one. */
  from: string;
  to: string;
}

/** scheme://host[:port] in lower case; an unparsable URL is its own origin (so any change counts as a move). */
export function originOf(url: string): string {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return `invalid:${url}`;
  }
}

export function sameOrigin(a: string, b: string): boolean {
  return originOf(a) === originOf(b);
}

/**
 * Applies the rule to a change from `before` to `after`. `fresh` lists the secrets the change itself brings (typed in
 * the app, given in an imported file): those stay even when their host moved. Returns the settings to save and what
 * was forgotten.
 */
export function forgetMovedSecrets(
  before: Settings,
  after: Settings,
  fresh: readonly SecretRef[],
): { settings: Settings; forgotten: ForgottenSecret[] } {
  const given = new Set<SecretRef>(fresh);
  const forgotten: ForgottenSecret[] = [];
  let slack = after.slack;
  if (!sameOrigin(before.slack.apiUrl, after.slack.apiUrl)) {
    const move = { from: originOf(before.slack.apiUrl), to: originOf(after.slack.apiUrl) };
    const keep = (ref: SecretRef, value: string | null, old: string | null): boolean =>
      value === null || value !== old || given.has(ref);
    if (!keep('slack.botToken', slack.botToken, before.slack.botToken)) {
      slack = { ...slack, botToken: null };
      forgotten.push({ ref: 'slack.botToken', label: 'the Slack bot token', ...move });
    }
    if (!keep('slack.appToken', slack.appToken, before.slack.appToken)) {
      slack = { ...slack, appToken: null };
      forgotten.push({ ref: 'slack.appToken', label: 'the Slack app-level token', ...move });
    }
  }
  const oldAccounts = new Map(before.accounts.map((a) => [a.id, a]));
  const accounts = after.accounts.map((account) => {
    const old = oldAccounts.get(account.id);
    if (!old || account.token === null || sameOrigin(old.apiUrl, account.apiUrl)) return account;
    const ref = accountTokenRef(account.id);
    if (account.token !== old.token || given.has(ref)) return account;
    forgotten.push({
      ref,
      label: `the token of account ${account.id}`,
      from: originOf(old.apiUrl),
      to: originOf(account.apiUrl),
    });
    return { ...account, token: null };
  });
  const moved = new Map(
    after.accounts.flatMap((account) => {
      const old = oldAccounts.get(account.id);
      return old && !sameOrigin(old.apiUrl, account.apiUrl)
        ? [[account.id, { from: old.apiUrl, to: account.apiUrl }]]
        : [];
    }),
  );
  const oldPeople = new Map(before.people.map((p) => [p.slack, p]));
  const people = after.people.map((person) => {
    let tokens = person.tokens;
    for (const [accountId, token] of Object.entries(person.tokens)) {
      const move = moved.get(accountId);
      const ref = personTokenRef(person.slack, accountId);
      if (!move || given.has(ref) || oldPeople.get(person.slack)?.tokens[accountId] !== token) continue;
      const { [accountId]: _dropped, ...rest } = tokens;
      tokens = rest;
      forgotten.push({
        ref,
        label: `the token of ${person.slack} for account ${accountId}`,
        from: originOf(move.from),
        to: originOf(move.to),
      });
    }
    return tokens === person.tokens ? person : { ...person, tokens };
  });
  if (forgotten.length === 0) return { settings: after, forgotten };
  return { settings: { ...after, slack, accounts, people }, forgotten };
}

/** One sentence for an import summary or an API answer; empty when nothing was forgotten. */
export function describeForgotten(forgotten: readonly ForgottenSecret[]): string {
  if (forgotten.length === 0) return '';
  const items = forgotten.map((f) => `${f.label} (was for ${f.from}, now ${f.to})`);
  return `Forgotten because the API URL moved to another host (enter ${forgotten.length === 1 ? 'it' : 'them'} again for the new host): ${items.join('; ')}.`;
}
