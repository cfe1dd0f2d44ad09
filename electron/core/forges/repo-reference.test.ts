import { describe, expect, it } from 'vitest';
import type { AccountFile } from '../settings/config-schema.js';
import { repoPathProblem } from './repo-path.js';
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
  it('refuses paths that would climb out of the API path or hide a separator', () => {
    for (const ref of ['corp:../..', 'corp:octo/..', 'corp:./x', 'corp:octo//x', 'corp:octo/%2e%2e', 'work:g/%2F/p'])
      expect(resolveRepoReference(ref, [ghes, gl]), ref).toMatchObject({ ok: false });
    expect(resolveRepoReference('https://gitlab.example.com/g/..%2F../p/-/issues/4', [gl])).toMatchObject({
      ok: false,
    });
    expect(resolveRepoReference('corp:octo/app.js', [ghes, gl])).toMatchObject({ ok: true, repo: 'octo/app.js' });
  });
});

describe('repoPathProblem', () => {
  it.each([
    ['octo/app', null],
    ['group/sub/project', null],
    ['octo', /owner\/name/],
    ['../..', /"\." or "\.\."/],
    ['octo/.', /"\." or "\.\."/],
    ['/octo/app', /empty parts/],
    ['octo/app/', /empty parts/],
    ['octo/a%2Fb', /"%"/],
    ['octo/a\\b', /backslashes/],
    ['octo/a b', /spaces/],
    ['octo/a\u0007', /control/],
  ])('%j', (path, problem) => {
    const found = repoPathProblem(path);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
