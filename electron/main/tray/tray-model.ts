import { FORGE_LABELS as FORGE_NAMES } from '../../contract/vocabulary/forges.js';
import type { Status, Subscription } from '../../contract/schemas.js';
import { truncateEnd, truncateMiddle } from './label-text.js';

/**
 * The tray icon and menu as a pure function of engine state. tray.ts renders the result with
 * Electron's Tray and Menu; the test hook exposes it to Playwright. Rebuilt on state pushes only.
 */

export type TrayIconState = 'ok' | 'activity' | 'degraded' | 'error' | 'paused';

export type TrayActionId =
  | 'open'
  | 'feed'
  | 'for-you'
  | 'subscriptions:add'
  | `sub:${string}`
  | 'pause:1h'
  | 'pause:tomorrow'
  | 'resume'
  | 'connect:slack'
  | 'connect:github'
  | 'connect:gitlab'
  | 'connect:gitea'
  | 'poll'
  | 'launch-at-login'
  | 'quit';

export type TrayItem =
  | { kind: 'label'; id: string; label: string }
  | { kind: 'action'; id: TrayActionId; label: string; enabled: boolean }
  | { kind: 'checkbox'; id: TrayActionId; label: string; checked: boolean; enabled: boolean }
  | { kind: 'submenu'; id: string; label: string; items: TrayItem[] }
  | { kind: 'separator'; id: string };

export interface TrayModel {
  icon: TrayIconState;
  tooltip: string;
  /** Unread count shown beside the icon where the OS supports it (macOS); '' when none. */
  title: string;
  items: TrayItem[];
}

export type EnginePhase =
  { phase: 'starting' } | { phase: 'running'; status: Status } | { phase: 'failed'; error: string };

export interface TrayState {
  engine: EnginePhase;
  subscriptions: readonly Subscription[];
  launchAtLogin: boolean;
}

export interface TrayModelOptions {
  /** Formats a pause end for "Paused until …"; injected so tests do not depend on the machine's time zone. */
  formatUntil?: (iso: string) => string;
}

/** Longest subscription label in the menu, in characters. */
export const MAX_SUBSCRIPTION_LABEL = 48;
/** Above this many subscriptions the submenu groups them by account and owner. */
export const FLAT_SUBSCRIPTION_LIMIT = 40;
/** Windows caps tray tooltips at 127 characters. */
export const MAX_TOOLTIP = 127;
const MAX_STATUS_LINE = 72;
const MAX_PROBLEM_LINES = 4;

function defaultFormatUntil(iso: string): string {
  const date = new Date(iso);
  return date.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function trayIconState(state: TrayState): TrayIconState {
  const engine = state.engine;
  if (engine.phase === 'failed') return 'error';
  if (engine.phase === 'starting') return 'ok';
  const status = engine.status;
  const slack = status.slack;
  if (
    status.problem ||
    slack.error !== null ||
    slack.socket === 'failed' ||
    status.accounts.some((a) => a.state === 'error')
  )
    return 'error';
  if (status.paused !== null) return 'paused';
  if (
    slack.mode === 'none' ||
    slack.socket === 'reconnecting' ||
    status.accounts.some((a) => a.state === 'degraded') ||
    status.outbox.failed > 0 ||
    state.subscriptions.some((s) => s.enabled && s.error !== null)
  ) {
    return 'degraded';
  }
  if (status.unread > 0) return 'activity';
  return 'ok';
}

export function statusLine(state: TrayState): string {
  const engine = state.engine;
  if (engine.phase === 'starting') return 'Starting…';
  if (engine.phase === 'failed') return truncateEnd(`Engine stopped: ${engine.error}`, MAX_STATUS_LINE);
  const status = engine.status;
  const subs = plural(status.subscriptions.total, 'subscription');
  const slack = status.slack;
  let line: string;
  if (slack.mode === 'none') line = `Not connected to Slack · ${subs}`;
  else if (slack.error !== null) line = `Slack: ${slack.error}`;
  else if (slack.mode === 'webhook') line = `Posting to Slack by webhook · ${subs}`;
  else if (slack.team !== null) line = `Connected to Slack workspace ${slack.team} · ${subs}`;
  else line = `Connecting to Slack… · ${subs}`;
  return truncateEnd(line, MAX_STATUS_LINE);
}

/** Lines under the status line naming what is wrong, most serious first. */
export function problemLines(state: TrayState): string[] {
  if (state.engine.phase !== 'running') return [];
  const status = state.engine.status;
  const lines: string[] = [];
  if (status.problem) lines.push(status.problem);
  if (status.slack.socket === 'failed')
    lines.push(`Slack commands offline: ${status.slack.socketError ?? 'connection failed'}`);
  for (const account of status.accounts) {
    if (account.state === 'error' || account.state === 'degraded') {
      const reason = account.error ?? (account.rateLimit?.remaining === 0 ? 'rate-limited' : 'unreachable');
      lines.push(`${FORGE_NAMES[account.forge]} (${account.id}): ${reason}`);
    }
  }
  if (status.outbox.failed > 0) lines.push(`${plural(status.outbox.failed, 'message')} could not be posted`);
  const broken = state.subscriptions.filter((s) => s.enabled && s.error !== null).length;
  if (broken > 0) lines.push(`${plural(broken, 'subscription')} with errors`);
  return lines.slice(0, MAX_PROBLEM_LINES).map((l) => truncateEnd(l, MAX_STATUS_LINE));
}

function subscriptionLabel(sub: Subscription, showAccount: boolean): string {
  const name = showAccount ? `${sub.account}:${sub.repo}` : sub.repo;
  const warn = sub.error !== null ? ' ⚠' : '';
  return `${truncateMiddle(name, MAX_SUBSCRIPTION_LABEL - warn.length)}${warn}`;
}

function subscriptionItem(sub: Subscription, showAccount: boolean, running: boolean): TrayItem {
  return {
    kind: 'checkbox',
    id: `sub:${sub.id}`,
    label: subscriptionLabel(sub, showAccount),
    checked: sub.enabled,
    enabled: running,
  };
}

function byRepo(a: Subscription, b: Subscription): number {
  return a.account.localeCompare(b.account) || a.repo.localeCompare(b.repo) || a.id.localeCompare(b.id);
}

function subscriptionItems(subs: readonly Subscription[], running: boolean): TrayItem[] {
  if (subs.length === 0) {
    return [
      { kind: 'label', id: 'subscriptions:none', label: 'No subscriptions yet' },
      { kind: 'action', id: 'subscriptions:add', label: 'Add a subscription…', enabled: true },
    ];
  }
  const sorted = [...subs].sort(byRepo);
  const showAccount = new Set(sorted.map((s) => s.account)).size > 1;
  if (sorted.length <= FLAT_SUBSCRIPTION_LIMIT) return sorted.map((s) => subscriptionItem(s, showAccount, running));
  const groups = new Map<string, Subscription[]>();
  for (const sub of sorted) {
    const owner = sub.repo.split('/')[0] ?? sub.repo;
    const key = showAccount ? `${sub.account}:${owner}` : owner;
    const group = groups.get(key) ?? [];
    group.push(sub);
    groups.set(key, group);
  }
  return [...groups.entries()].map(([key, group]) => ({
    kind: 'submenu' as const,
    id: `subscriptions:group:${key}`,
    label: `${truncateMiddle(key, MAX_SUBSCRIPTION_LABEL - 8)} (${group.filter((s) => s.enabled).length}/${group.length})`,
    items: group.map((s) => subscriptionItem(s, false, running)),
  }));
}

export function buildTrayModel(state: TrayState, options: TrayModelOptions = {}): TrayModel {
  const formatUntil = options.formatUntil ?? defaultFormatUntil;
  const running = state.engine.phase === 'running';
  const status = state.engine.phase === 'running' ? state.engine.status : null;
  const line = statusLine(state);
  const problems = problemLines(state);
  const unread = status?.unread ?? 0;
  // With an owner, the count that matters is what waits for them (their personal notifications).
  const forYou = status?.forYou ?? null;
  const paused = status?.paused ?? null;
  const pausedLabel = paused
    ? paused.until
      ? `Paused until ${formatUntil(paused.until)}`
      : 'Paused until resumed'
    : null;
  const subs = state.subscriptions;
  const enabledCount = subs.filter((s) => s.enabled).length;

  const tooltipParts = [`Forgebell — ${line}`];
  if (pausedLabel) tooltipParts.push(pausedLabel);
  if (forYou !== null && forYou > 0) tooltipParts.push(`${plural(forYou, 'thing')} for you`);
  if (unread > 0) tooltipParts.push(`${unread} new`);

  const items: TrayItem[] = [
    { kind: 'label', id: 'status', label: line },
    ...problems.map((label, i): TrayItem => ({ kind: 'label', id: `problem:${i}`, label })),
    ...(pausedLabel ? [{ kind: 'label' as const, id: 'paused', label: pausedLabel }] : []),
    { kind: 'separator', id: 'sep:open' },
    { kind: 'action', id: 'open', label: 'Open Forgebell', enabled: true },
    ...(forYou !== null
      ? [
          {
            kind: 'action' as const,
            id: 'for-you' as const,
            label: forYou > 0 ? `For you (${forYou})` : 'For you',
            enabled: true,
          },
        ]
      : []),
    { kind: 'action', id: 'feed', label: unread > 0 ? `Live feed (${unread} new)` : 'Live feed', enabled: true },
    { kind: 'separator', id: 'sep:subscriptions' },
    {
      kind: 'submenu',
      id: 'subscriptions',
      label: subs.length > 0 ? `Subscriptions (${enabledCount}/${subs.length} on)` : 'Subscriptions',
      items: subscriptionItems(subs, running),
    },
    {
      kind: 'submenu',
      id: 'pause',
      label: 'Pause notifications',
      items: [
        { kind: 'action', id: 'pause:1h', label: 'For 1 hour', enabled: running },
        { kind: 'action', id: 'pause:tomorrow', label: 'Until tomorrow', enabled: running },
        { kind: 'separator', id: 'sep:resume' },
        { kind: 'action', id: 'resume', label: 'Resume', enabled: running && paused !== null },
      ],
    },
    {
      kind: 'submenu',
      id: 'connect',
      label: 'Connect',
      items: [
        { kind: 'action', id: 'connect:slack', label: 'Slack…', enabled: true },
        { kind: 'action', id: 'connect:github', label: 'GitHub…', enabled: true },
        { kind: 'action', id: 'connect:gitlab', label: 'GitLab…', enabled: true },
        { kind: 'action', id: 'connect:gitea', label: 'Gitea / Forgejo…', enabled: true },
      ],
    },
    { kind: 'action', id: 'poll', label: 'Poll now', enabled: running },
    { kind: 'separator', id: 'sep:login' },
    { kind: 'checkbox', id: 'launch-at-login', label: 'Launch at login', checked: state.launchAtLogin, enabled: true },
    { kind: 'separator', id: 'sep:quit' },
    { kind: 'action', id: 'quit', label: 'Quit Forgebell', enabled: true },
  ];

  return {
    icon: trayIconState(state),
    tooltip: truncateEnd(tooltipParts.join('\n'), MAX_TOOLTIP),
    title: trayTitle(forYou ?? unread),
    items,
  };
}

function trayTitle(count: number): string {
  return count > 0 ? (count > 99 ? '99+' : String(count)) : '';
}

/** Depth-first search through the menu, for clicks coming from the test hook. */
export function findTrayItem(items: readonly TrayItem[], id: string): TrayItem | null {
  for (const item of items) {
    if (item.id === id) return item;
    if (item.kind === 'submenu') {
      const found = findTrayItem(item.items, id);
      if (found) return found;
    }
  }
  return null;
}
