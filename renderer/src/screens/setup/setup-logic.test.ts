import { describe, expect, it } from 'vitest';
import { apiUrlFor, normaliseHost, suggestAccountId, tokenPageUrl, validateHost } from './forge-presets.js';
import { slackTokenShapeProblem } from './slack-token-shape.js';

describe('forge presets', () => {
  it('derives API and token-page URLs from the preset and host', () => {
    expect(apiUrlFor('github', '')).toBe('https://api.github.com');
    expect(apiUrlFor('gitlab', '')).toBe('https://gitlab.com/api/v4');
    expect(apiUrlFor('ghes', 'https://GitHub.Example.com/orgs/x')).toBe('https://github.example.com/api/v3');
    expect(apiUrlFor('gitlab-self', 'git.example.com:8443')).toBe('https://git.example.com:8443/api/v4');
    expect(apiUrlFor('ghes', '')).toBeNull();
    expect(tokenPageUrl('github', '')).toBe(
      'https://github.com/settings/tokens/new?scopes=repo,read:org&description=Forgebell',
    );
    expect(tokenPageUrl('ghes', 'ghe.corp')).toBe(
      'https://ghe.corp/settings/tokens/new?scopes=repo,read:org&description=Forgebell',
    );
    expect(tokenPageUrl('gitlab', '')).toBe(
      'https://gitlab.com/-/user_settings/personal_access_tokens?name=Forgebell&scopes=api,read_api',
    );
    expect(apiUrlFor('gitea', 'https://codeberg.org/')).toBe('https://codeberg.org/api/v1');
    expect(apiUrlFor('gitea', '')).toBeNull();
    expect(tokenPageUrl('gitea', 'git.corp:3000')).toBe('https://git.corp:3000/user/settings/applications');
    expect(suggestAccountId('gitea', 'gitea.corp.example', [])).toBe('corp');
    expect(tokenPageUrl('gitlab-self', 'gl.corp')).toBe(
      'https://gl.corp/-/user_settings/personal_access_tokens?name=Forgebell&scopes=api,read_api',
    );
  });

  it('explains bad hosts', () => {
    expect(normaliseHost(' https://a.b/c ')).toBe('a.b');
    expect(validateHost('')).toMatch(/host name/);
    expect(validateHost('my host')).toMatch(/just the host/);
    expect(validateHost('github.com')).toMatch(/GitHub.com option/);
    expect(validateHost('git.example.com')).toBeNull();
  });

  it('suggests short unused account ids', () => {
    expect(suggestAccountId('github', '', [])).toBe('github');
    expect(suggestAccountId('github', '', ['github', 'github-2'])).toBe('github-3');
    expect(suggestAccountId('gitlab-self', 'gitlab.acme.io', [])).toBe('acme');
    expect(suggestAccountId('ghes', 'ghe.corp.example:8443', [])).toBe('ghe');
  });
});

describe('slack token shape', () => {
  it('names the right field for a token pasted into the wrong one', () => {
    expect(slackTokenShapeProblem('bot', 'xapp-1-A-1-abc')).toMatch(/App-level token/);
    expect(slackTokenShapeProblem('app', 'xoxb-123')).toMatch(/Bot token/);
    expect(slackTokenShapeProblem('bot', 'xoxp-1')).toMatch(/user token/);
    expect(slackTokenShapeProblem('webhook', 'xoxb-1')).toMatch(/not a webhook/);
  });

  it('accepts well-formed values and ignores empty ones', () => {
    expect(slackTokenShapeProblem('bot', ' xoxb-1-2-abc ')).toBeNull();
    expect(slackTokenShapeProblem('app', 'xapp-1-A-1-abc')).toBeNull();
    expect(slackTokenShapeProblem('webhook', 'https://hooks.slack.com/services/T/B/x')).toBeNull();
    expect(slackTokenShapeProblem('webhook', 'http://127.0.0.1:5000/hooks/abc')).toBeNull();
    expect(slackTokenShapeProblem('bot', '')).toBeNull();
  });
});
