import { describe, expect, it } from 'vitest';
import { methods } from '../api.js';
import { apiUrlProblem } from './api-url.js';

describe('API URLs that receive a token: https, or http on loopback only (docs/cli-and-config.md §8)', () => {
  it.each([
    ['https://api.github.com', true],
    ['https://gitlab.corp:8443/api/v4', true],
    ['http://127.0.0.1:8080/api/v3', true],
    ['http://127.9.9.9/api/v4', true],
    ['http://localhost:3000/api/', true],
    ['http://[::1]:9000/api', true],
    ['http://gitlab.corp/api/v4', false],
    ['http://10.0.0.5/api/v4', false],
    ['http://128.0.0.1/api', false],
    ['http://127.0.0.1.evil.example/api', false],
    ['ftp://example.com', false],
    ['not a url', false],
  ])('%s → allowed %s', (url, ok) => {
    expect(apiUrlProblem(url) === null).toBe(ok);
  });

  it('the contract refuses a plain-http account or Slack URL with the sentence, before any handler runs', () => {
    const account = methods['accounts.save'].params.safeParse({
      id: 'work',
      forge: 'gitlab',
      apiUrl: 'http://gitlab.corp/api/v4',
      token: 'glpat-x',
    });
    expect(account.success).toBe(false);
    expect(account.error?.issues[0]?.message).toMatch(/must start with https:\/\/ — plain http:\/\/ is only allowed/);
    expect(methods['slack.save'].params.safeParse({ apiUrl: 'http://slack.corp/api/' }).success).toBe(false);
    expect(
      methods['accounts.verify'].params.safeParse({ forge: 'github', apiUrl: 'http://127.0.0.1:1/', token: 't' })
        .success,
    ).toBe(true);
    expect(
      methods['accounts.deviceFlowStart'].params.safeParse({ id: 'g', apiUrl: 'http://ghe.corp/api/v3', clientId: 'c' })
        .success,
    ).toBe(false);
  });
});
