/**
 * Where a JSON text breaks, as line and column with a structural reason ("expected ',' or '}'"), never quoting the
 * text: a config file holds tokens, and the JavaScript engine's own messages quote the text around the error.
 * Used after JSON.parse failed, to say where; follows RFC 8259 exactly as JSON.parse does.
 */

export interface JsonSyntaxProblem {
  line: number;
  column: number;
  problem: string;
}

const MAX_DEPTH = 512;

class Stop {
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {}
}

function scan(text: string): void {
  let i = 0;
  const fail = (problem: string, at = i): never => {
    throw new Stop(
      at,
      at >= text.length ? 'the file ends too early (a string, object or list is not closed)' : problem,
    );
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string, problem: string): void => {
    if (text[i] !== char) fail(problem);
    i++;
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('a string is not closed');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('a string contains a raw control character (a line break inside quotes?)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a \\u escape needs four hex digits', i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('a backslash escape is not one JSON allows', i);
      } else i++;
    }
  };
  const number = (): void => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-') fail('a number is malformed');
    i += m![0].length;
    if (i < text.length && /[0-9.eE+-]/.test(text[i]!)) fail('a number is malformed');
  };
  const literal = (word: string): void => {
    if (text.slice(i, i + word.length) !== word)
      fail('expected a value (a string in double quotes, a number, true, false, null, an object or a list)');
    i += word.length;
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail('the values are nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"')
          fail(`expected a property name in double quotes${text[i] === '}' ? ' (a comma before "}"?)' : ''}`);
        string();
        ws();
        expect(':', "expected ':' after the property name");
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}', "expected ',' or '}'");
        return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail('expected a value (a comma before "]"?)');
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']', "expected ',' or ']'");
        return;
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === "'") fail('strings and names need double quotes, not single quotes');
    fail('expected a value (a string in double quotes, a number, true, false, null, an object or a list)');
  };
  value(0);
  ws();
  if (i < text.length) fail('there is more text after the end of the JSON value');
}

/** The first syntax problem of `text` (null when it is valid JSON). */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  try {
    scan(text);
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const at = Math.min(error.at, text.length);
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return { line, column, problem: error.problem };
  }
}

/** "line 3, column 14: expected ',' or '}'" — for a text JSON.parse refused. Never contains the text itself. */
export function describeJsonSyntaxError(text: string): string {
  const found = findJsonSyntaxProblem(text);
  return found ? `line ${found.line}, column ${found.column}: ${found.problem}` : 'the text is not valid JSON';
}

/** A leading byte order mark (editors on Windows add one) is not JSON; it is dropped before parsing. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
