import { describe, expect, it } from 'vitest';
import { parseCommand } from './command-registry.js';

describe('slash command grammar', () => {
  it('parses subscribe with events, a quoted label and a commits glob', () => {
    expect(parseCommand('subscribe octo/app reviews +label:"needs review" commits:release/*')).toEqual({
      verb: 'subscribe',
      repo: 'octo/app',
      events: ['reviews', 'commits'],
      labels: ['needs review'],
      branches: ['release/*'],
      problems: [],
    });
  });
  it('checks a commits glob with the same grammar as the app and config import', () => {
    expect(parseCommand('subscribe octo/app commits:v[0-9]*')).toMatchObject({ branches: ['v[0-9]*'], problems: [] });
    expect(parseCommand('subscribe octo/app commits:refs/heads/main')).toMatchObject({
      branches: [],
      problems: ['commits:refs/heads/main: write it without "refs/heads/": main'],
    });
  });
  it('unwraps Slack-formatted URLs', () => {
    expect(parseCommand('close <https://github.com/o/r/issues/3>')).toEqual({
      verb: 'close',
      url: 'https://github.com/o/r/issues/3',
    });
    expect(parseCommand('subscribe <https://gitlab.com/g/s/p|g/s/p>')).toMatchObject({
      repo: 'https://gitlab.com/g/s/p',
    });
  });
  it('reports unknown events and verbs, and defaults to help', () => {
    expect(parseCommand('subscribe o/r issuez')).toMatchObject({ problems: ['unknown event "issuez"'] });
    expect(parseCommand('frobnicate')).toMatchObject({ verb: 'invalid' });
    expect(parseCommand('')).toEqual({ verb: 'help' });
    expect(parseCommand('close not-a-url')).toMatchObject({ verb: 'invalid' });
    expect(parseCommand('link abc123')).toEqual({ verb: 'link', code: 'ABC123' });
  });
});
