import { describe, expect, it } from 'vitest';
import { mrkdwnProblems } from './message-safety.js';
import {
  ELLIPSIS,
  cleanText,
  clipLine,
  code,
  escapeMrkdwn,
  escapeTruncated,
  link,
  safeUrl,
  truncate,
  truncateMrkdwn,
} from './mrkdwn.js';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('escapeMrkdwn', () => {
  it('turns & < > into entities so mentions and disguised links stay text', () => {
    const out = escapeMrkdwn('<!channel> <@U123> <https://evil.example|innocent> a & b');
    expect(out).toBe('&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|innocent&gt; a &amp; b');
    expect(mrkdwnProblems(out)).toEqual([]);
  });

  it('escapes already-escaped text again (no double-decoding tricks)', () => {
    expect(escapeMrkdwn('&lt;!here&gt;')).toBe('&amp;lt;!here&amp;gt;');
  });

  it('breaks bare broadcast words with an invisible joiner', () => {
    const out = escapeMrkdwn('ping @channel and @HERE, not @channels');
    expect(out).not.toMatch(/@(channel|here)\b/i);
    expect(out.replace(/\u2060/g, '')).toBe('ping @channel and @HERE, not @channels');
  });

  it('removes control and bidi override characters and repairs lone surrogates', () => {
    expect(escapeMrkdwn('a\u0000b\u0007c\u202Ed\u2066e\r\nf')).toBe('abcde\nf');
    expect(escapeMrkdwn('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
    expect(escapeMrkdwn('ok 👍')).toBe('ok 👍');
  });
});

describe('link', () => {
  it('escapes the label and neutralises | and >', () => {
    expect(link('https://example.com/a', 'x|y>z <!channel>')).toBe('<https://example.com/a|x¦y&gt;z &lt;!channel&gt;>');
  });

  it('escapes & and encodes < > | in the URL so the link cannot be broken out of', () => {
    const out = link('https://example.com/p?a=1&b=<2>|x', 'label');
    expect(out).toBe('<https://example.com/p?a=1&amp;b=%3C2%3E%7Cx|label>');
    expect(mrkdwnProblems(out)).toEqual([]);
  });

  it('renders non-http(s), malformed or huge URLs as plain label text', () => {
    expect(link('javascript:alert(1)', 'click <me>')).toBe('click &lt;me&gt;');
    expect(link('slack://channel?id=C1', 'x')).toBe('x');
    expect(link('not a url', 'x')).toBe('x');
    expect(link(null, 'x')).toBe('x');
    expect(link(`https://example.com/${'a'.repeat(3000)}`, 'x')).toBe('x');
  });

  it('flattens multi-line labels and allows an empty label', () => {
    expect(link('https://example.com/', 'a\nb')).toBe('<https://example.com/|a b>');
    expect(link('https://example.com/', '')).toBe('<https://example.com/>');
  });

  it('safeUrl accepts only http and https', () => {
    expect(safeUrl('HTTPS://Example.com/x')).toBe('https://example.com/x');
    expect(safeUrl('ftp://example.com/')).toBeNull();
    expect(safeUrl('data:text/html,hi')).toBeNull();
  });
});

describe('code', () => {
  it('escapes and keeps backticks from ending the span', () => {
    expect(code('feat/`x`<y>')).toBe('`feat/ˋxˋ&lt;y&gt;`');
    expect(code('  ')).toBe('');
  });
});

describe('truncate', () => {
  it('leaves short text alone and cuts long text with an ellipsis', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 8)).toBe('hello w…');
    expect(truncate('hello world', 1)).toBe(ELLIPSIS);
    expect(truncate('hello world', 0)).toBe('');
  });

  it('never splits a surrogate pair', () => {
    const text = 'ab😀😀😀';
    for (let max = 2; max <= text.length; max++) {
      const out = truncate(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(LONE.test(out)).toBe(false);
    }
  });

  it('never splits an entity', () => {
    const text = escapeMrkdwn('a & b < c > d');
    for (let max = 1; max < text.length; max++) {
      const out = truncate(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    }
  });

  it('keeps a ZWJ emoji sequence or flag whole', () => {
    const family = '👨‍👩‍👧‍👦';
    const text = `abc${family}def`;
    for (let max = 4; max < 3 + family.length + 1; max++) expect(truncate(text, max)).toBe(`abc${ELLIPSIS}`);
    expect(truncate('x🇫🇷🇩🇪', 5)).toBe(`x${ELLIPSIS}`);
    expect(truncate('x🇫🇷🇩🇪', 6)).toBe(`x🇫🇷${ELLIPSIS}`);
    expect(truncate('x🇫🇷🇩🇪', 8)).toBe(`x🇫🇷${ELLIPSIS}`);
    expect(truncate('e\u0301e\u0301e\u0301', 4)).toBe(`e\u0301${ELLIPSIS}`);
  });

  it('stays within max for random hostile strings', () => {
    const alphabet = ['a', ' ', '&amp;', '&lt;', '😀', '👨‍👩‍👧', '🇫🇷', 'e\u0301', '\n', '&'];
    let seed = 42;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(rnd() * 60) },
        () => alphabet[Math.floor(rnd() * alphabet.length)],
      ).join('');
      const max = Math.floor(rnd() * 40);
      const out = truncate(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(LONE.test(out)).toBe(false);
      if (out !== text && out.length > 0) {
        expect(out.endsWith(ELLIPSIS)).toBe(true);
        expect(text.startsWith(out.slice(0, -1).trimEnd())).toBe(true);
      }
    }
  });
});

describe('truncateMrkdwn', () => {
  it('never cuts inside a link: drops the whole link instead', () => {
    const text = `see ${link('https://example.com/some/long/path', 'a label')} now`;
    for (let max = 5; max < text.length; max++) {
      const out = truncateMrkdwn(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(mrkdwnProblems(out)).toEqual([]);
    }
    expect(truncateMrkdwn(text, 20)).toBe('see…');
  });
});

describe('escapeTruncated and clipLine', () => {
  // How fast: `npm run bench:timings` (a test asserts behaviour, not durations on a shared machine).
  it('cut a 100 KB hostile title safely', () => {
    const title = '<!channel> 😀 & '.repeat(10_000);
    const out = escapeTruncated(clipLine(title, 200), 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.endsWith(ELLIPSIS)).toBe(true);
    expect(mrkdwnProblems(out)).toEqual([]);
  });

  it('clipLine marks a cut even when whitespace collapsing shortened the text', () => {
    expect(clipLine(`a${' '.repeat(1000)}b`, 10)).toBe(`a${ELLIPSIS}`);
    expect(clipLine('a\n\nb', 10)).toBe('a b');
  });

  it('cleanText keeps tabs and newlines', () => {
    expect(cleanText('a\tb\nc')).toBe('a\tb\nc');
  });
});
