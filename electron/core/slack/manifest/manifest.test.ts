import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COMMAND,
  buildManifest,
  normaliseCommand,
  normaliseUnfurlDomain,
  normaliseUnfurlDomains,
} from './manifest.js';
import { REQUIRED_BOT_SCOPES, missingScopes, neededScopesFor } from './scopes.js';

describe('buildManifest', () => {
  it('declares the bot, the Socket Mode slash command, scopes, events and interactivity', () => {
    const m = buildManifest({ unfurlDomains: ['https://github.com', 'gitlab.example.com'] });
    expect(m.display_information.name).toBe('Forgebell');
    expect(m.features.bot_user).toEqual({ display_name: 'Forgebell', always_online: true });
    expect(m.features.slash_commands).toHaveLength(1);
    const command = m.features.slash_commands[0];
    expect(command?.command).toBe(DEFAULT_COMMAND);
    expect(command && 'url' in command).toBe(false);
    expect(m.features.unfurl_domains).toEqual(['github.com', 'gitlab.example.com']);
    for (const scope of [
      'chat:write',
      'chat:write.public',
      'chat:write.customize',
      'commands',
      'links:read',
      'links:write',
      'channels:read',
      'channels:join',
      'channels:history',
      'groups:history',
      'users:read',
      'app_mentions:read',
    ]) {
      expect(m.oauth_config.scopes.bot).toContain(scope);
    }
    expect(new Set(m.oauth_config.scopes.bot).size).toBe(m.oauth_config.scopes.bot.length);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.interactivity).toEqual({ is_enabled: true });
    expect(m.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'link_shared']);
    expect(JSON.stringify(m)).not.toContain('request_url');
  });

  it('keeps at most 5 unfurl domains, deduplicated, without scheme, port or path; omits the key when none', () => {
    const m = buildManifest({
      unfurlDomains: [
        'https://GitHub.com/',
        'github.com',
        'https://gitlab.example.com:8443/api/v4',
        'a.example',
        'b.example',
        'c.example',
        'd.example',
        'not a host',
        '',
      ],
    });
    expect(m.features.unfurl_domains).toEqual([
      'github.com',
      'gitlab.example.com',
      'a.example',
      'b.example',
      'c.example',
    ]);
    expect(buildManifest({ unfurlDomains: [] }).features.unfurl_domains).toBeUndefined();
    expect(buildManifest({ unfurlDomains: ['localhost', 'http://127.0.0.1'] }).features.unfurl_domains).toEqual([
      '127.0.0.1',
    ]);
  });

  it('accepts a custom app name and command within Slack limits', () => {
    const m = buildManifest({ appName: '  Team   Bell  ', command: 'TeamBell', unfurlDomains: [] });
    expect(m.display_information.name).toBe('Team Bell');
    expect(m.features.slash_commands[0]?.command).toBe('/teambell');
    const long = buildManifest({ appName: '🔔'.repeat(40), unfurlDomains: [] });
    expect(long.display_information.name.length).toBeLessThanOrEqual(35);
    expect(long.display_information.name).toBe('🔔'.repeat(17));
    expect(buildManifest({ appName: '', unfurlDomains: [] }).display_information.name).toBe('Forgebell');
  });
});

describe('normaliseCommand', () => {
  it('enforces 2–32 characters starting with /', () => {
    expect(normaliseCommand('/a')).toBe('/a');
    expect(normaliseCommand(`/${'a'.repeat(31)}`)).toHaveLength(32);
    expect(() => normaliseCommand(`/${'a'.repeat(32)}`)).toThrow(RangeError);
    expect(() => normaliseCommand('/')).toThrow(/Invalid slash command/);
    expect(() => normaliseCommand('/two words')).toThrow(RangeError);
    expect(() => normaliseCommand('/-x')).toThrow(RangeError);
    expect(normaliseCommand(' forge_bell-2 ')).toBe('/forge_bell-2');
  });
});

describe('unfurl domains', () => {
  it('match the manifest schema pattern', () => {
    const pattern = /^(?![.-])([-a-z0-9.])+([a-z0-9])$/;
    for (const input of [
      'HTTPS://Git.Example.COM.',
      'http://x.example:80/y?z',
      'git.example.com/path',
      'xn--bcher-kva.example',
    ]) {
      const host = normaliseUnfurlDomain(input);
      expect(host).not.toBeNull();
      expect(host).toMatch(pattern);
    }
    expect(normaliseUnfurlDomain('-bad.example')).toBeNull();
    expect(normaliseUnfurlDomain('https://[::1]/')).toBeNull();
    expect(normaliseUnfurlDomains(Array.from({ length: 20 }, (_, i) => `h${i}.example`))).toHaveLength(5);
  });
});

describe('scopes', () => {
  it('adds optional scopes per feature', () => {
    expect(neededScopesFor({ customize: false, history: false, unfurl: false })).toEqual([...REQUIRED_BOT_SCOPES]);
    const all = neededScopesFor({ customize: true, history: true, unfurl: true });
    expect(all).toEqual(
      expect.arrayContaining([
        'chat:write.customize',
        'channels:history',
        'groups:history',
        'links:read',
        'links:write',
      ]),
    );
    expect(neededScopesFor({ customize: false, history: false, unfurl: true })).not.toContain('chat:write.customize');
    expect(neededScopesFor({ customize: false, history: false, unfurl: false, people: true })).toEqual(
      expect.arrayContaining(['users:read', 'im:write', 'im:history']),
    );
  });

  it('reports missing scopes', () => {
    expect(missingScopes(['chat:write', 'commands', 'links:write'], ['commands', ' chat:write'])).toEqual([
      'links:write',
    ]);
  });
});
