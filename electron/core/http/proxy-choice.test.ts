import { describe, expect, it } from 'vitest';
import { bypassesProxy, proxyForUrl } from './proxy-choice.js';

describe('the manual proxy and its bypass list (NO_PROXY style)', () => {
  it('matches hosts, their subdomains, .domains, host:port and *', () => {
    const list = 'localhost, .corp.example,git.internal  10.0.0.5:8443';
    expect(bypassesProxy('http://localhost:3000/api', list)).toBe(true);
    expect(bypassesProxy('https://ghe.corp.example/api/v3', list)).toBe(true);
    expect(bypassesProxy('https://corp.example/', list)).toBe(true);
    expect(bypassesProxy('https://api.git.internal/', list)).toBe(true);
    expect(bypassesProxy('https://10.0.0.5:8443/api/v4', list)).toBe(true);
    expect(bypassesProxy('https://10.0.0.5/api/v4', list)).toBe(false);
    expect(bypassesProxy('https://slack.com/api', list)).toBe(false);
    expect(bypassesProxy('https://notcorp.example/', list)).toBe(false);
    expect(bypassesProxy('https://anything/', '*')).toBe(true);
    expect(bypassesProxy('https://slack.com/api', null)).toBe(false);
  });

  it('a manual proxy is used except for the listed hosts; none is none; system follows the environment', () => {
    const manual = { mode: 'manual' as const, url: 'http://proxy:3128', noProxy: '127.0.0.1:4000' };
    expect(proxyForUrl(manual, 'http://127.0.0.1:4000/api')).toBeNull();
    expect(proxyForUrl(manual, 'http://127.0.0.1:5000/api')).toBe('http://proxy:3128');
    expect(proxyForUrl({ ...manual, noProxy: null }, 'http://127.0.0.1:4000/api')).toBe('http://proxy:3128');
    expect(proxyForUrl({ mode: 'none', url: null }, 'https://slack.com/api')).toBeNull();
    const env = { HTTPS_PROXY: 'http://env-proxy:8080', NO_PROXY: 'slack.com' };
    expect(proxyForUrl({ mode: 'system', url: null, noProxy: '*' }, 'https://api.github.com', env)).toBe(
      'http://env-proxy:8080',
    );
    expect(proxyForUrl({ mode: 'system', url: null }, 'https://slack.com/api', env)).toBeNull();
  });
});
