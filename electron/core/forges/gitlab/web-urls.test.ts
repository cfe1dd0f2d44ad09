import { describe, expect, it } from 'vitest';
import { normaliseRepoPath, parseGitLabUrl, projectSegment, webUrlFromApiUrl } from './web-urls.js';

describe('GitLab URLs', () => {
  it('derives the web root from the API URL', () => {
    expect(webUrlFromApiUrl('https://gitlab.com/api/v4')).toBe('https://gitlab.com');
    expect(webUrlFromApiUrl('https://git.corp.example/api/v4/')).toBe('https://git.corp.example');
    expect(webUrlFromApiUrl('https://corp.example/gitlab/api/v4')).toBe('https://corp.example/gitlab');
  });

  it('encodes full paths as one :id segment', () => {
    expect(projectSegment('group/sub/project')).toBe('group%2Fsub%2Fproject');
  });

  it('parses issue, MR, commit and pipeline URLs with subgroups', () => {
    const web = 'https://gitlab.example.com';
    expect(parseGitLabUrl(web, 'https://gitlab.example.com/group/sub/project/-/issues/3')).toEqual({
      project: 'group/sub/project',
      kind: 'issue',
      id: '3',
    });
    expect(parseGitLabUrl(web, 'https://gitlab.example.com/g/p/-/merge_requests/12/diffs#note_1')).toEqual({
      project: 'g/p',
      kind: 'merge_request',
      id: '12',
    });
    expect(parseGitLabUrl(web, 'https://gitlab.example.com/g/p/-/commit/0a1b2c3d')).toEqual({
      project: 'g/p',
      kind: 'commit',
      id: '0a1b2c3d',
    });
    expect(parseGitLabUrl(web, 'https://gitlab.example.com/g/p/-/pipelines/777')).toEqual({
      project: 'g/p',
      kind: 'pipeline',
      id: '777',
    });
    expect(parseGitLabUrl(web, 'https://gitlab.example.com/g/p/issues/4')).toEqual({
      project: 'g/p',
      kind: 'issue',
      id: '4',
    });
    expect(parseGitLabUrl(web, 'https://gitlab.example.com/g/sub/p')).toEqual({
      project: 'g/sub/p',
      kind: 'project',
      id: '',
    });
    expect(parseGitLabUrl(web, 'https://other.example.com/g/p/-/issues/3')).toBeNull();
    expect(parseGitLabUrl(web, 'https://gitlab.example.com/g/p/-/issues/abc')).toBeNull();
    expect(parseGitLabUrl(web, 'https://gitlab.example.com/g/p/-/tree/main')).toBeNull();
    expect(parseGitLabUrl('https://corp.example/gitlab', 'https://corp.example/gitlab/g/p/-/issues/1')).toEqual({
      project: 'g/p',
      kind: 'issue',
      id: '1',
    });
  });

  it('normalises repo input', () => {
    const web = 'https://gitlab.example.com';
    expect(normaliseRepoPath(web, ' g/sub/p/ ')).toBe('g/sub/p');
    expect(normaliseRepoPath(web, 'https://gitlab.example.com/g/sub/p.git')).toBe('g/sub/p');
    expect(() => normaliseRepoPath(web, 'just-a-name')).toThrow(/not a GitLab project path/);
    expect(() => normaliseRepoPath(web, 'https://github.com/o/r')).toThrow(/not a project URL/);
  });
});
