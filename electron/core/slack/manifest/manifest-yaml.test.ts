import { describe, expect, it } from 'vitest';
import { buildManifest } from './manifest.js';
import { type YamlValue, createAppUrl, manifestYaml, quoteYaml, toYaml } from './manifest-yaml.js';

/**
 * A minimal parser for the YAML subset `toYaml` emits (block mappings and sequences, plain and double-quoted
 * scalars, `[]` and `{}`), to check that the output reads back to the same value.
 */
function parseYaml(text: string): unknown {
  const lines = text.split('\n').filter((l) => l.length > 0);
  let index = 0;
  const indentOf = (line: string): number => line.length - line.trimStart().length;

  function parseScalar(raw: string): unknown {
    if (raw.startsWith('"')) return JSON.parse(raw);
    if (raw === '[]') return [];
    if (raw === '{}') return {};
    if (raw === 'null' || raw === '~') return null;
    if (/^(true|false)$/.test(raw)) return raw === 'true';
    if (/^(yes|no|on|off|y|n)$/i.test(raw)) throw new Error(`ambiguous plain scalar ${raw}`);
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw)) return Number(raw);
    if (/^[-?:,[\]{}#&*!|>'%@`]/.test(raw) || raw.includes(': ') || raw.includes(' #'))
      throw new Error(`unsafe plain scalar ${raw}`);
    return raw;
  }

  function splitKey(content: string): [string, string] {
    if (content.startsWith('"')) {
      const end = content.indexOf('":', 1);
      const key = JSON.parse(content.slice(0, end + 1)) as string;
      return [key, content.slice(end + 2).trim()];
    }
    const at = content.endsWith(':') && !content.includes(': ') ? content.length - 1 : content.indexOf(': ');
    return [content.slice(0, at), content.slice(at + 1).trim()];
  }

  function parseBlock(indent: number): unknown {
    const first = lines[index] ?? '';
    if (first.trimStart().startsWith('- ') || first.trimStart() === '-') {
      const list: unknown[] = [];
      while (
        index < lines.length &&
        indentOf(lines[index] ?? '') === indent &&
        (lines[index] ?? '').trimStart().startsWith('-')
      ) {
        const content = (lines[index] ?? '').trimStart().slice(2);
        const isEntry = content.startsWith('"')
          ? /^"(?:[^"\\]|\\.)*":( |$)/.test(content)
          : content.includes(': ') || content.endsWith(':');
        if (isEntry || content.startsWith('- ')) {
          // A mapping or sequence that starts on the dash line: re-read it as a block at indent + 2.
          lines[index] = `${' '.repeat(indent + 2)}${content}`;
          list.push(parseBlock(indent + 2));
        } else {
          index++;
          list.push(parseScalar(content));
        }
      }
      return list;
    }
    const map: Record<string, unknown> = {};
    while (index < lines.length && indentOf(lines[index] ?? '') === indent) {
      const [key, rest] = splitKey((lines[index] ?? '').trimStart());
      index++;
      if (rest === '') map[key] = parseBlock(indentOf(lines[index] ?? ''));
      else map[key] = parseScalar(rest);
    }
    return map;
  }

  if (lines.length === 1 && !/^("|[^:]*: |[^:]*:$|- )/.test(lines[0] ?? '')) return parseScalar(lines[0] ?? '');
  return parseBlock(0);
}

describe('manifestYaml', () => {
  it('emits the expected YAML for the default manifest', () => {
    const yaml = manifestYaml(buildManifest({ unfurlDomains: ['github.com'] }));
    expect(yaml).toBe(`display_information:
  name: Forgebell
  description: "GitHub and GitLab activity in Slack, from a tray app or a headless server."
  background_color: "#24292f"
features:
  bot_user:
    display_name: Forgebell
    always_online: true
  slash_commands:
    - command: /forgebell
      description: Subscribe this channel to GitHub and GitLab activity
      usage_hint: "subscribe owner/repo [events] | list | todo | digest | signin <account> | me | help"
      should_escape: false
  app_home:
    home_tab_enabled: false
    messages_tab_enabled: true
    messages_tab_read_only_enabled: true
  unfurl_domains:
    - github.com
oauth_config:
  scopes:
    bot:
      - chat:write
      - chat:write.public
      - commands
      - channels:read
      - channels:join
      - users:read
      - app_mentions:read
      - chat:write.customize
      - channels:history
      - groups:history
      - links:read
      - links:write
      - im:write
      - im:history
      - reactions:write
settings:
  event_subscriptions:
    bot_events:
      - app_mention
      - link_shared
  interactivity:
    is_enabled: true
  org_deploy_enabled: false
  socket_mode_enabled: true
  token_rotation_enabled: false
`);
  });

  it('round-trips the manifest', () => {
    const manifest = buildManifest({ appName: 'yes', command: '/fb', unfurlDomains: ['a.example', 'b.example'] });
    expect(parseYaml(manifestYaml(manifest))).toEqual(manifest);
  });

  it('quotes every string that would otherwise change meaning, and round-trips them', () => {
    const tricky = [
      'yes',
      'No',
      'on',
      'OFF',
      'y',
      'null',
      '~',
      'true',
      '123',
      '1e3',
      '0x1F',
      '.5',
      '-1',
      '1:20',
      '2024-01-01',
      '',
      ' lead',
      'trail ',
      '#comment',
      'a #b',
      'a: b',
      'ends:',
      '- dash',
      '? q',
      ': c',
      '[x]',
      '{y}',
      '*alias',
      '&anchor',
      '!tag',
      '|block',
      '>fold',
      "'single'",
      '"double"',
      '%dir',
      '@at',
      '`tick`',
      '---',
      '...',
      'multi\nline',
      'tab\there',
      'back\\slash',
      'é ü',
      '🔔 bell',
      '\u0085nel',
      '\u2028ls',
      'ok plain',
      'chat:write',
      '/forgebell',
      'a, b',
    ];
    const value: YamlValue = {
      list: tricky,
      map: Object.fromEntries(tricky.map((t, i) => [t === '' ? 'empty' : t, i])),
      nested: [{ a: [1, 2, { b: null }], c: [] }, [], {}, [['x', 'y'], 'z'], { d: {} }],
      numbers: [0, -1.5, 1e21],
    };
    const yaml = toYaml(value);
    expect(parseYaml(yaml)).toEqual(value);
  });

  it('writes scalars and empty collections at the top level', () => {
    expect(toYaml('yes')).toBe('"yes"\n');
    expect(toYaml([])).toBe('[]\n');
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml({ a: undefined, b: 1 })).toBe('b: 1\n');
  });

  it('escapes control characters and never emits lone surrogates', () => {
    expect(quoteYaml('a"b\\c\nd\te\u0001f\u0085')).toBe('"a\\"b\\\\c\\nd\\te\\u0001f\\u0085"');
    expect(quoteYaml('x\uD800y')).toBe('"x\uFFFDy"');
  });
});

describe('createAppUrl', () => {
  it('pre-fills the Slack app creation page with the URL-encoded YAML', () => {
    const manifest = buildManifest({ unfurlDomains: ['gitlab.example.com'] });
    const url = createAppUrl(manifest);
    expect(url.startsWith('https://api.slack.com/apps?new_app=1&manifest_yaml=')).toBe(true);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('new_app')).toBe('1');
    expect(parsed.searchParams.get('manifest_yaml')).toBe(manifestYaml(manifest));
    expect(url).not.toMatch(/[\s#]/);
  });
});
