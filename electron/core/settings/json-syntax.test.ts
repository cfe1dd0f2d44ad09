import { describe, expect, it } from 'vitest';
import { describeJsonSyntaxError, findJsonSyntaxProblem } from './json-syntax.js';

const valid = `{
  "version": 1,
  "slack": { "botToken": "xoxb-1-2-abc\\u00e9\\n", "commandUsers": ["U1", "U2"] },
  "accounts": [{ "id": "gh", "token": null, "n": -1.5e3, "ok": true, "no": false }],
  "subscriptions": []
}
`;

describe('JSON syntax problems', () => {
  it.each([
    ['{"a": 1 "b": 2}', 1, 9, "expected ',' or '}'"],
    ['{\n  "token": ghp_secret\n}', 2, 12, 'expected a value'],
    ['{"a": [1, 2,]}', 1, 13, 'a comma before "]"'],
    ['{"a": 1,}', 1, 9, 'a comma before "}"'],
    ["{'a': 1}", 1, 2, 'double quotes'],
    ['{"a": "line\nbreak"}', 1, 12, 'raw control character'],
    ['{"a": "\\x"}', 1, 8, 'backslash escape'],
    ['{"a": 01}', 1, 8, 'number is malformed'],
    ['{"a": 1', 1, 8, 'the file ends too early'],
    ['{"a": 1} x', 1, 10, 'more text after'],
    ['', 1, 1, 'the file ends too early'],
  ])('%j → line %i, column %i', (text, line, column, problem) => {
    expect(() => JSON.parse(text)).toThrow();
    const found = findJsonSyntaxProblem(text);
    expect(found).toMatchObject({ line, column });
    expect(found!.problem).toContain(problem);
  });

  it('never quotes the text', () => {
    const text = '{"slack": {"botToken": xoxb-1111-2222-secretsecret}}';
    expect(() => JSON.parse(text)).toThrow(/xoxb/); // what the engine's own message would leak
    expect(describeJsonSyntaxError(text)).toBe(
      'line 1, column 24: expected a value (a string in double quotes, a number, true, false, null, an object or a list)',
    );
  });

  it('agrees with JSON.parse on thousands of damaged variants of a config file', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = ['"', ',', '{', '}', '[', ']', ':', '\\', ' ', '\n', 'x', '0', '-', '.', 'e', 'tru', '\u0001'];
    expect(findJsonSyntaxProblem(valid)).toBeNull();
    for (let k = 0; k < 5000; k++) {
      const at = random(valid.length);
      const text =
        random(2) === 0
          ? valid.slice(0, at) + valid.slice(at + 1 + random(3))
          : valid.slice(0, at) + pieces[random(pieces.length)]! + valid.slice(at);
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(findJsonSyntaxProblem(text) === null, JSON.stringify(text)).toBe(parses);
    }
  });
});
