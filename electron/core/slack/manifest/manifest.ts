import { neededScopesFor } from './scopes.js';

/** The subset of Slack's app manifest (schema 1.0.0) Forgebell generates. A `type` so it fits `YamlValue`. */
export type SlackAppManifest = {
  display_information: { name: string; description: string; background_color: string };
  features: {
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: { command: string; description: string; usage_hint: string; should_escape: boolean }[];
    unfurl_domains?: string[];
    /** The Messages tab must be on for the bot to DM people (else Slack answers messages_tab_disabled). */
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
};

export interface ManifestOptions {
  /** Display name (1–35 characters); default "Forgebell". */
  appName?: string;
  /** Slash command; default `/forgebell`. A missing leading `/` is added. */
  command?: string;
  /** Forge web hosts for link previews (URLs or hosts); at most 5 kept, deduplicated, without scheme, port or path. */
  unfurlDomains: readonly string[];
}

export const DEFAULT_APP_NAME = 'Forgebell';
export const DEFAULT_COMMAND = '/forgebell';
export const MAX_UNFURL_DOMAINS = 5;
const MAX_APP_NAME = 35;
const DOMAIN = /^(?![.-])[-a-z0-9.]+[a-z0-9]$/;

/**
 * `/name` in lower case, 2–32 characters, letters/digits/`-`/`_`; throws a RangeError explaining the rule otherwise.
 */
export function normaliseCommand(command: string): string {
  const trimmed = command.trim().toLowerCase();
  const withSlash = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  if (!/^\/[a-z0-9][a-z0-9_-]{0,30}$/.test(withSlash)) {
    throw new RangeError(
      `Invalid slash command "${command}": use "/" and 1–31 lower-case letters, digits, "-" or "_" (for example /forgebell).`,
    );
  }
  return withSlash;
}

/** One host in the form the manifest accepts (lower case, no scheme/port/path), or null when it is not a host name. */
export function normaliseUnfurlDomain(input: string): string | null {
  let value = input.trim().toLowerCase();
  if (value === '') return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(value)) value = `https://${value}`;
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '');
  if (host.length > 255 || !DOMAIN.test(host) || !host.includes('.')) return null;
  return host;
}

/** Valid, deduplicated unfurl domains in input order, at most 5. */
export function normaliseUnfurlDomains(inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const host = normaliseUnfurlDomain(input);
    if (host !== null && !out.includes(host)) out.push(host);
    if (out.length === MAX_UNFURL_DOMAINS) break;
  }
  return out;
}

function appName(name: string | undefined): string {
  const clean = (name ?? '').replace(/\s+/g, ' ').trim();
  if (clean === '') return DEFAULT_APP_NAME;
  let out = '';
  for (const ch of clean) {
    if (out.length + ch.length > MAX_APP_NAME) break;
    out += ch;
  }
  return out.trim();
}

/**
 * The Slack app manifest for Forgebell: a bot user, the slash command (no URL: Socket Mode), every bot scope Forgebell
 * can use, Socket Mode and interactivity on, `link_shared` and `app_mention` events, and the forge hosts to unfurl.
 */
export function buildManifest(options: ManifestOptions): SlackAppManifest {
  const name = appName(options.appName);
  const command = normaliseCommand(options.command ?? DEFAULT_COMMAND);
  const domains = normaliseUnfurlDomains(options.unfurlDomains);
  const features: SlackAppManifest['features'] = {
    bot_user: { display_name: name, always_online: true },
    slash_commands: [
      {
        command,
        description: 'Subscribe this channel to GitHub and GitLab activity',
        usage_hint: 'subscribe owner/repo [events] | list | todo | digest | signin <account> | me | help',
        should_escape: false,
      },
    ],
    app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
  };
  if (domains.length > 0) features.unfurl_domains = domains;
  return {
    display_information: {
      name,
      description: 'GitHub and GitLab activity in Slack, from a tray app or a headless server.',
      background_color: '#24292f',
    },
    features,
    oauth_config: {
      scopes: { bot: neededScopesFor({ customize: true, history: true, unfurl: true, people: true, reactions: true }) },
    },
    settings: {
      event_subscriptions: { bot_events: ['app_mention', 'link_shared'] },
      interactivity: { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: true,
      token_rotation_enabled: false,
    },
  };
}
