/**
 * A small YAML emitter for JSON-shaped values (the app manifest): block mappings and sequences, strings plain when
 * unambiguous and double-quoted otherwise. Output parses back to the same value with any YAML 1.1/1.2 parser.
 */

export type YamlValue =
  string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|<<|=)$/i;
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** Whether `text` can be written as a plain scalar and still read back as the same string. */
function isPlainSafe(text: string): boolean {
  if (text === '' || text !== text.trim()) return false;
  if (RESERVED.test(text)) return false;
  if (INDICATOR_START.test(text) || /^(?:---|\.\.\.)/.test(text)) return false;
  if (/^[-+.]?[0-9]/.test(text) || /^[-+]?\.(inf|nan)$/i.test(text)) return false;
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return false;
  // Printable ASCII only, and no characters that are indicators inside flow context.
  return /^[\x20-\x7e]+$/.test(text) && !/[{}[\],"'\\`]/.test(text);
}

function hex4(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A double-quoted YAML scalar; escapes are limited to those JSON also understands. */
export function quoteYaml(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff)
      out += hex4(code);
    else if (code >= 0xd800 && code <= 0xdfff)
      out += '\ufffd'; // a lone surrogate cannot be written as UTF-8
    else out += ch;
  }
  return `${out}"`;
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quoteYaml(String(value));
  return isPlainSafe(value) ? value : quoteYaml(value);
}

function isMapping(value: YamlValue): value is { readonly [key: string]: YamlValue | undefined } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entries(map: { readonly [key: string]: YamlValue | undefined }): [string, YamlValue][] {
  return Object.entries(map).filter((e): e is [string, YamlValue] => e[1] !== undefined);
}

function isEmptyCollection(value: YamlValue): boolean {
  return Array.isArray(value) ? value.length === 0 : isMapping(value) && entries(value).length === 0;
}

/** Lines of `value` as a block collection at `indent` spaces. */
function block(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value as readonly YamlValue[]) {
      if ((Array.isArray(item) || isMapping(item)) && !isEmptyCollection(item)) {
        const inner = block(item, indent + 2);
        lines.push(`${pad}- ${(inner[0] ?? '').trimStart()}`, ...inner.slice(1));
      } else {
        lines.push(`${pad}- ${inline(item)}`);
      }
    }
    return lines;
  }
  if (isMapping(value)) {
    for (const [key, item] of entries(value)) {
      if ((Array.isArray(item) || isMapping(item)) && !isEmptyCollection(item)) {
        lines.push(`${pad}${scalar(key)}:`, ...block(item, indent + 2));
      } else {
        lines.push(`${pad}${scalar(key)}: ${inline(item)}`);
      }
    }
    return lines;
  }
  return [`${pad}${inline(value)}`];
}

function inline(value: YamlValue): string {
  if (Array.isArray(value)) return '[]';
  if (isMapping(value)) return '{}';
  return scalar(value as string | number | boolean | null);
}

/** The value as a YAML document (mappings and sequences in block style), ending with a newline. */
export function toYaml(value: YamlValue): string {
  const lines =
    Array.isArray(value) || isMapping(value)
      ? isEmptyCollection(value)
        ? [inline(value)]
        : block(value, 0)
      : [inline(value)];
  return `${lines.join('\n')}\n`;
}

/** The app manifest as YAML, for the "create app from manifest" page. */
export function manifestYaml(manifest: YamlValue): string {
  return toYaml(manifest);
}

/** `https://api.slack.com/apps?new_app=1&manifest_yaml=…`: opens Slack's "create app" page pre-filled with the manifest. */
export function createAppUrl(manifest: YamlValue): string {
  return `https://api.slack.com/apps?new_app=1&manifest_yaml=${encodeURIComponent(manifestYaml(manifest))}`;
}
