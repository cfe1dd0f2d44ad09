import { randomUUID } from 'node:crypto';
import type { ConfigFile } from './config-schema.js';
import {
  accountTokenRef,
  personTokenRef,
  describeForgotten,
  type ForgottenSecret,
  forgetMovedSecrets,
  type SecretRef,
} from './secret-origins.js';
import {
  type Settings,
  type StoredPerson,
  type StoredSubscription,
  subscriptionKey,
  WITHHELD,
} from './settings-model.js';

export interface ImportSummary {
  accounts: { added: string[]; updated: string[]; removed: string[] };
  subscriptions: { added: string[]; updated: string[]; unchanged: string[]; removed: string[] };
  people: { added: string[]; updated: string[]; removed: string[] };
  /** §5: each digest as "#channel at HH:MM Zone". */
  digests: string[];
  slack: { botToken: boolean; appToken: boolean; webhookUrl: boolean; defaultChannel: string | null };
  pollIntervalSeconds: number;
  retentionDays: number;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * The file is the configuration: after an import, accounts and subscriptions are exactly the file's.
 * Subscriptions are matched by account + repo + channel and keep their id and creation time, so
 * importing the same file twice leaves the same state. A secret given as null (as `export` prints it)
 * keeps the secret already stored — unless its API URL moved to another host (docs/cli-and-config.md §8, secret-origins.ts): then it is
 * forgotten and listed in `forgotten`. `fresh` lists the secrets the file itself gives.
 */
export function applyConfigFile(
  current: Settings,
  file: ConfigFile,
  now: Date,
  newId: () => string = randomUUID,
): { settings: Settings; summary: ImportSummary; fresh: SecretRef[]; forgotten: ForgottenSecret[] } {
  const fresh: SecretRef[] = [];
  if (file.slack.botToken !== null) fresh.push('slack.botToken');
  if (file.slack.appToken !== null) fresh.push('slack.appToken');
  for (const account of file.accounts) if (account.token !== null) fresh.push(accountTokenRef(account.id));
  for (const person of file.people)
    for (const [account, token] of Object.entries(person.tokens))
      if (token !== null) fresh.push(personTokenRef(person.slack, account));
  const slack = {
    ...file.slack,
    botToken: file.slack.botToken ?? current.slack.botToken,
    appToken: file.slack.appToken ?? current.slack.appToken,
    webhookUrl: file.slack.webhookUrl ?? current.slack.webhookUrl,
  };
  const next: Settings = {
    ...current,
    version: 1,
    pollIntervalSeconds: file.pollIntervalSeconds,
    retentionDays: file.retentionDays,
    slack,
    accounts: [],
    subscriptions: [],
    people: [],
    digests: file.digests,
  };

  const summary: ImportSummary = {
    accounts: { added: [], updated: [], removed: [] },
    subscriptions: { added: [], updated: [], unchanged: [], removed: [] },
    people: { added: [], updated: [], removed: [] },
    digests: file.digests.map((d) => `#${d.channel} at ${d.at} ${d.timeZone}`),
    slack: {
      botToken: slack.botToken !== null,
      appToken: slack.appToken !== null,
      webhookUrl: slack.webhookUrl !== null,
      defaultChannel: slack.defaultChannel,
    },
    pollIntervalSeconds: file.pollIntervalSeconds,
    retentionDays: file.retentionDays,
  };

  const oldAccounts = new Map(current.accounts.map((a) => [a.id, a]));
  for (const account of file.accounts) {
    const old = oldAccounts.get(account.id);
    const merged = { ...account, token: account.token ?? old?.token ?? null };
    next.accounts.push(merged);
    if (!old) summary.accounts.added.push(account.id);
    else if (!same(old, merged)) summary.accounts.updated.push(account.id);
    oldAccounts.delete(account.id);
  }
  summary.accounts.removed.push(...oldAccounts.keys());

  const oldSubs = new Map(current.subscriptions.map((s) => [subscriptionKey(s, current), s]));
  for (const sub of file.subscriptions) {
    const key = subscriptionKey(sub, next);
    const old = oldSubs.get(key);
    const label = `${sub.account}:${sub.repo} → #${sub.channel ?? next.slack.defaultChannel ?? 'webhook'}`;
    const reenabled = old !== undefined && !old.enabled && sub.enabled;
    const since = reenabled ? now.toISOString() : old?.since;
    const stored: StoredSubscription = {
      ...sub,
      channel: sub.channel ?? null,
      id: old?.id ?? newId(),
      createdAt: old?.createdAt ?? now.toISOString(),
      ...(since ? { since } : {}),
      ...(old?.sinceSeq !== undefined ? { sinceSeq: old.sinceSeq } : {}),
    };
    next.subscriptions.push(stored);
    if (!old) summary.subscriptions.added.push(label);
    else if (same(old, stored)) summary.subscriptions.unchanged.push(label);
    else summary.subscriptions.updated.push(label);
    oldSubs.delete(key);
  }
  summary.subscriptions.removed.push(...[...oldSubs.values()].map((s) => `${s.account}:${s.repo}`));

  // People are matched by Slack user. A token the file gives replaces the stored one; a null, or an account the file
  // does not mention, keeps it (a sign-in belongs to the person: revoke it in the app or with /forgebell signout) —
  // unless its account is gone.
  const accountIds = new Set(next.accounts.map((a) => a.id));
  const oldPeople = new Map(current.people.map((p) => [p.slack, p]));
  for (const person of file.people) {
    const old = oldPeople.get(person.slack);
    const tokens: Record<string, string> = {};
    for (const [account, token] of Object.entries(old?.tokens ?? {}))
      if (accountIds.has(account) && token !== WITHHELD) tokens[account] = token;
    for (const [account, token] of Object.entries(person.tokens)) if (token !== null) tokens[account] = token;
    const stored: StoredPerson = { ...person, tokens };
    next.people.push(stored);
    if (!old) summary.people.added.push(person.slack);
    else if (!same(old, stored)) summary.people.updated.push(person.slack);
    oldPeople.delete(person.slack);
  }
  summary.people.removed.push(...oldPeople.keys());
  if (next.owner !== null && !next.people.some((p) => p.slack === next.owner)) next.owner = null;
  const guarded = forgetMovedSecrets(current, next, fresh);
  summary.slack.botToken = guarded.settings.slack.botToken !== null;
  summary.slack.appToken = guarded.settings.slack.appToken !== null;
  return { settings: guarded.settings, summary, fresh, forgotten: guarded.forgotten };
}

/** The config file format with every secret replaced by null (docs/cli-and-config.md §1 `export`). */
export function toConfigFile(settings: Settings): ConfigFile {
  return {
    version: 1,
    pollIntervalSeconds: settings.pollIntervalSeconds,
    retentionDays: settings.retentionDays,
    slack: { ...settings.slack, botToken: null, appToken: null, webhookUrl: null },
    accounts: settings.accounts.map((a) => ({ ...a, token: null })),
    subscriptions: settings.subscriptions.map(
      ({ id: _id, createdAt: _createdAt, since: _since, sinceSeq: _sinceSeq, ...sub }) => sub,
    ),
    people: settings.people.map((p) => ({
      ...p,
      tokens: Object.fromEntries(Object.keys(p.tokens).map((account) => [account, null])),
    })),
    digests: settings.digests,
  };
}

export function formatImportSummary(
  summary: ImportSummary,
  path: string,
  forgotten: readonly ForgottenSecret[] = [],
): string {
  const list = (items: string[]): string => (items.length ? `: ${items.join(', ')}` : '');
  const s = summary.subscriptions;
  const a = summary.accounts;
  const p = summary.people;
  return [
    `Imported into ${path}`,
    `  Slack: bot token ${summary.slack.botToken ? 'set' : 'not set'}, app token ${summary.slack.appToken ? 'set (Socket Mode on)' : 'not set'}, webhook ${summary.slack.webhookUrl ? 'set' : 'not set'}, default channel ${summary.slack.defaultChannel ? `#${summary.slack.defaultChannel}` : 'none'}`,
    `  Poll interval: ${summary.pollIntervalSeconds}s; history kept ${summary.retentionDays} days`,
    `  Accounts: ${a.added.length} added${list(a.added)}, ${a.updated.length} updated${list(a.updated)}, ${a.removed.length} removed${list(a.removed)}`,
    `  Subscriptions: ${s.added.length} added, ${s.updated.length} updated, ${s.unchanged.length} unchanged, ${s.removed.length} removed`,
    ...s.added.map((x) => `    + ${x}`),
    ...s.updated.map((x) => `    ~ ${x}`),
    ...s.removed.map((x) => `    - ${x}`),
    `  People: ${p.added.length} added${list(p.added)}, ${p.updated.length} updated${list(p.updated)}, ${p.removed.length} removed${list(p.removed)}`,
    `  Digests: ${summary.digests.length}${list(summary.digests)}`,
    ...(forgotten.length ? [`  ${describeForgotten(forgotten)}`] : []),
    'Secrets were encrypted before they were written.',
  ].join('\n');
}

/** What an import would do, as the app's preview lists it before asking (docs/cli-and-config.md §1 `import`). */
export interface ImportPlan {
  accounts: ImportSummary['accounts'];
  subscriptions: ImportSummary['subscriptions'];
  /** Other settings that change, one line each ("poll interval 60 s → 30 s"). */
  settings: string[];
  /** Stored secrets the import forgets (their API URL moves to another host). */
  forgotten: string[];
}

/** The plan of an import into `current`, computed without changing anything. */
export function planImport(current: Settings, file: ConfigFile, now: Date): ImportPlan {
  const applied = applyConfigFile(current, file, now);
  const next = applied.settings;
  const settings: string[] = [];
  if (current.pollIntervalSeconds !== next.pollIntervalSeconds)
    settings.push(`poll interval ${current.pollIntervalSeconds} s → ${next.pollIntervalSeconds} s`);
  const a = current.slack;
  const b = next.slack;
  const secret = (label: string, before: string | null, after: string | null) => {
    if (before === after) return;
    settings.push(after === null ? `${label} removed` : before === null ? `${label} set` : `${label} replaced`);
  };
  secret('Slack bot token', a.botToken, b.botToken);
  secret('Slack app-level token', a.appToken, b.appToken);
  secret('Slack incoming webhook', a.webhookUrl, b.webhookUrl);
  const plain = (label: string, before: string | null, after: string | null, show = (v: string) => v) => {
    if (before !== after)
      settings.push(`${label}: ${before ? show(before) : 'none'} → ${after ? show(after) : 'none'}`);
  };
  plain('Slack default channel', a.defaultChannel, b.defaultChannel, (c) => `#${c}`);
  plain('Slack API URL', a.apiUrl, b.apiUrl);
  plain('Slack bot name', a.username, b.username);
  plain('Slack icon URL', a.iconUrl, b.iconUrl);
  if (JSON.stringify([...a.commandUsers].sort()) !== JSON.stringify([...b.commandUsers].sort()))
    settings.push(`Slack users allowed to run commands: ${b.commandUsers.length ? b.commandUsers.join(', ') : 'none'}`);
  return {
    accounts: applied.summary.accounts,
    subscriptions: applied.summary.subscriptions,
    settings,
    forgotten: applied.forgotten.map((f) => `${f.label} (its API URL moves from ${f.from} to ${f.to})`),
  };
}
