import { describe, expect, it } from 'vitest';
import { allowedExternalHosts, forgeWebHost, isAllowedExternalUrl } from './external-url.js';

describe('forgeWebHost', () => {
  it('maps API URLs to the web host', () => {
    expect(forgeWebHost('https://api.github.com')).toBe('github.com');
    expect(forgeWebHost('https://ghe.corp.example/api/v3')).toBe('ghe.corp.example');
    expect(forgeWebHost('https://gitlab.com/api/v4')).toBe('gitlab.com');
    expect(forgeWebHost('https://GitLab.Example.com:8443/api/v4')).toBe('gitlab.example.com');
    expect(forgeWebHost('not a url')).toBeNull();
  });
});

describe('isAllowedExternalUrl', () => {
  const hosts = allowedExternalHosts([
    { apiUrl: 'https://ghe.corp.example/api/v3' },
    { apiUrl: 'https://gitlab.example.com/api/v4' },
  ]);

  it.each([
    'https://github.com/octo/hello/issues/1',
    'https://gist.github.com/x',
    'https://gitlab.com/group/proj/-/merge_requests/2',
    'https://ghe.corp.example/org/repo/pull/3',
    'https://gitlab.example.com:8443/g/p',
    'https://acme.slack.com/archives/C123/p456',
    'https://api.slack.com/apps?new_app=1',
    'https://slack.com/oauth/v2/authorize',
  ])('allows %s', (url) => expect(isAllowedExternalUrl(url, hosts)).toBe(true));

  it.each([
    ['plain http', 'http://github.com/octo'],
    ['file URL', 'file:///etc/passwd'],
    ['javascript URL', 'javascript:alert(1)'],
    ['custom scheme', 'slack://open'],
    ['unknown host', 'https://example.com'],
    ['look-alike suffix', 'https://evilgithub.com/x'],
    ['look-alike prefix', 'https://github.com.evil.example/x'],
    ['credentials in URL', 'https://user:pass@github.com/'],
    ['an unconfigured GHE', 'https://ghe.other.example/x'],
    ['garbage', 'https//github.com'],
  ])('refuses %s', (_name, url) => expect(isAllowedExternalUrl(url, hosts)).toBe(false));

  it('always allows Slack, github.com and gitlab.com, even with no accounts', () => {
    expect(allowedExternalHosts([])).toEqual(['slack.com', 'github.com', 'gitlab.com']);
  });
});
