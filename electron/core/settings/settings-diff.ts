import type { Settings } from './settings-model.js';

/**
 * What a settings change touched, computed from the settings before and after it (never from flags the caller has to
 * remember to set). The engine reconfigures exactly these parts.
 */
export interface SettingsDiff {
  /** How messages are posted: bot token, webhook, Web API URL, name and icon. */
  readonly slackDelivery: boolean;
  /** The Socket Mode connection: app-level token or Web API URL. */
  readonly slackSocket: boolean;
  /** Who may run commands, the default channel: read live, nothing to reconnect. */
  readonly slackOther: boolean;
  /** Accounts added, removed, or changed (forge, API URL, token, CA file). */
  readonly accounts: ReadonlySet<string>;
  readonly subscriptions: boolean;
  /** People (logins, tokens, reasons, quiet hours) or who the owner is. */
  readonly people: boolean;
  /** Accounts whose people's tokens changed (their inboxes restart). */
  readonly personalTokens: ReadonlySet<string>;
  /** Channel digests (§5): their schedules are recomputed. */
  readonly digests: boolean;
  readonly proxy: boolean;
  readonly pollInterval: boolean;
  readonly desktop: boolean;
  readonly any: boolean;
}

/** Key order does not matter (objects come from the file, the app and Slack commands alike). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}
const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

export function diffSettings(before: Settings, after: Settings): SettingsDiff {
  const s0 = before.slack;
  const s1 = after.slack;
  const slackDelivery =
    s0.botToken !== s1.botToken ||
    s0.webhookUrl !== s1.webhookUrl ||
    s0.apiUrl !== s1.apiUrl ||
    s0.username !== s1.username ||
    s0.iconUrl !== s1.iconUrl;
  const slackSocket = s0.appToken !== s1.appToken || s0.apiUrl !== s1.apiUrl;
  const slackOther = s0.defaultChannel !== s1.defaultChannel || !same(s0.commandUsers, s1.commandUsers);

  const accounts = new Set<string>();
  const old = new Map(before.accounts.map((a) => [a.id, a]));
  for (const a of after.accounts) {
    const o = old.get(a.id);
    if (!o || !same(o, a)) accounts.add(a.id);
    old.delete(a.id);
  }
  for (const id of old.keys()) accounts.add(id);

  const subscriptions = !same(before.subscriptions, after.subscriptions);
  const people = !same(before.people, after.people) || before.owner !== after.owner;
  const personalTokens = new Set<string>();
  const tokensOf = (s: Settings): Map<string, string> =>
    new Map(s.people.flatMap((p) => Object.entries(p.tokens).map(([a, t]) => [`${p.slack}\u0000${a}`, t])));
  const t0 = tokensOf(before);
  const t1 = tokensOf(after);
  for (const key of new Set([...t0.keys(), ...t1.keys()]))
    if (t0.get(key) !== t1.get(key)) personalTokens.add(key.split('\u0000')[1] as string);
  const digests = !same(before.digests, after.digests);
  const proxy = !same(before.proxy, after.proxy);
  const pollInterval = before.pollIntervalSeconds !== after.pollIntervalSeconds;
  const desktop = !same(before.desktop, after.desktop);
  return {
    slackDelivery,
    slackSocket,
    slackOther,
    accounts,
    subscriptions,
    people,
    personalTokens,
    digests,
    proxy,
    pollInterval,
    desktop,
    any:
      slackDelivery ||
      slackSocket ||
      slackOther ||
      accounts.size > 0 ||
      subscriptions ||
      people ||
      digests ||
      proxy ||
      pollInterval ||
      desktop,
  };
}
