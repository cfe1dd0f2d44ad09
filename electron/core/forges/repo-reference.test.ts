import { describe, expect, it } from 'vitest';
import type { AccountFile } from '../settings/config-schema.js';
import { resolveRepoReference, webUrlOf } from './repo-reference.js';

const gh: AccountFile = { id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: 't', caFile: null };
const ghes: AccountFile = {
  id: 'corp',
  forge: 'github',
  apiUrl: 'https://ghe.corp.example/api/v3',
  token: 't',
  caFile: null,
};
const gl: AccountFile = {
  id: 'work',
  forge: 'gitlab',
  apiUrl: 'https://gitlab.example.com/api/v4',
  token: 't',
  caFile: null,
};

describe('repository references', () => {
  it('derives web URLs', () => {
    expect(webUrlOf(gh.apiUrl)).toBe('https://github.com');
    expect(webUrlOf(ghes.apiUrl)).toBe('https://ghe.corp.example');
    expect(webUrlOf(gl.apiUrl)).toBe('https://gitlab.example.com');
  });
  it('owner/name means the only account', () => {
    expect(resolveRepoReference('octo/app', [gh])).toMatchObject({
      ok: true,
      repo: 'octo/app',
      account: { id: 'github' },
    });
  });
  it('asks for a URL or account:path when several accounts match', () => {
    const r = resolveRepoReference('octo/app', [gh, ghes, gl]);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toMatch(/account-id>:octo\/app/);
    expect(resolveRepoReference('group/sub/project', [gh, gl])).toMatchObject({ ok: true, account: { id: 'work' } });
  });
  it('resolves web URLs per host, with GitLab subgroups', () => {
    expect(resolveRepoReference('https://ghe.corp.example/octo/app/pull/3', [gh, ghes])).toMatchObject({
      ok: true,
      repo: 'octo/app',
      account: { id: 'corp' },
    });
    expect(resolveRepoReference('https://gitlab.example.com/g/sub/proj/-/issues/4', [gh, gl])).toMatchObject({
      ok: true,
      repo: 'g/sub/proj',
    });
    expect(resolveRepoReference('https://elsewhere.example/a/b', [gh])).toMatchObject({ ok: false });
  });
  it('accepts account:path', () => {
    expect(resolveRepoReference('work:g/p', [gh, gl])).toMatchObject({
      ok: true,
      repo: 'g/p',
      account: { id: 'work' },
    });
    expect(resolveRepoReference('nope:g/p', [gh, gl])).toMatchObject({ ok: false });
  });
});
