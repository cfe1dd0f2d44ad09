import { describe, expect, it } from 'vitest';
import { proxyFromEnvironment } from './proxy-choice.js';
import { retryTime } from './forge-http.js';

describe('proxyFromEnvironment (as curl reads HTTPS_PROXY, HTTP_PROXY, NO_PROXY)', () => {
  it.each([
    ['https target uses HTTPS_PROXY', 'https://api.github.com', { HTTPS_PROXY: 'http://p:1' }, 'http://p:1'],
    ['https falls back to HTTP_PROXY', 'https://api.github.com', { HTTP_PROXY: 'http://p:2' }, 'http://p:2'],
    ['lower-case names count', 'https://api.github.com', { https_proxy: 'http://p:3' }, 'http://p:3'],
    ['http target ignores HTTPS_PROXY', 'http://127.0.0.1:8080', { HTTPS_PROXY: 'http://p:1' }, null],
    ['NO_PROXY host', 'https://gitlab.corp', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'gitlab.corp' }, null],
    ['NO_PROXY suffix', 'https://git.corp.example', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.corp.example' }, null],
    [
      'NO_PROXY bare domain covers subdomains',
      'https://a.b.example',
      { HTTPS_PROXY: 'http://p', NO_PROXY: 'b.example' },
      null,
    ],
    [
      'NO_PROXY other host',
      'https://api.github.com',
      { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'gitlab.corp' },
      'http://p:1',
    ],
    ['NO_PROXY *', 'https://api.github.com', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }, null],
    ['empty value', 'https://api.github.com', { HTTPS_PROXY: '' }, null],
  ])('%s', (_name, url, env, expected) => {
    expect(proxyFromEnvironment(url, env)).toBe(expected);
  });
});

describe('retryTime (when a rate-limited forge may be asked again)', () => {
  const now = Date.parse('2025-06-02T09:00:00Z');
  it.each([
    ['Retry-After seconds', { 'retry-after': '30' }, now + 30_000],
    ['Retry-After HTTP date', { 'retry-after': 'Mon, 02 Jun 2025 09:05:00 GMT' }, Date.parse('2025-06-02T09:05:00Z')],
    [
      'GitHub reset when nothing is left',
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 60) },
      now + 60_000,
    ],
    ['GitLab RateLimit-Reset', { 'ratelimit-remaining': '0', 'ratelimit-reset': String(now / 1000 + 5) }, now + 5_000],
    [
      'a reset in the past means now',
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 - 60) },
      now,
    ],
    ['requests left: no wait', { 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': String(now / 1000 + 60) }, null],
    ['nothing said', {}, null],
  ])('%s', (_name, headers, expected) => {
    expect(retryTime(new Headers(headers as Record<string, string>), now)).toBe(expected);
  });
});
