import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from './block-types.js';
import {
  MAX_ACTIONS_ELEMENTS,
  MAX_BUTTON_TEXT,
  MAX_BUTTON_URL,
  MAX_BUTTON_VALUE,
  MAX_CONTEXT_ELEMENTS,
  MAX_FIELD_TEXT,
  MAX_HEADER_TEXT,
  MAX_SECTION_FIELDS,
  MAX_SECTION_TEXT,
} from './limits.js';
import { ELLIPSIS, cleanText, clipLine, escapeMrkdwn, safeUrl, truncate, truncateMrkdwn } from './mrkdwn.js';
import { countText } from './count-text.js';

/** Longest text of one context element we build (Slack shows context small; keep it short). */
export const CONTEXT_ELEMENT_TEXT = 300;

/**
 * A `mrkdwn` text object for text that is already escaped. `verbatim: true` stops Slack from auto-linking
 * URLs and channel names or parsing mentions in it; our own `<url|label>` links still work.
 */
export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** A `plain_text` object: no escaping needed (Slack does not parse it), cleaned and cut to `max`. */
export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: clipLine(text, max) || ' ', emoji: true };
}

export function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(truncateMrkdwn(text, MAX_SECTION_TEXT)) };
}

/** A section of `label`/`value` fields (both already-escaped mrkdwn), at most 10. */
export function fieldsSection(fields: readonly string[]): SectionBlock {
  return {
    type: 'section',
    fields: fields.slice(0, MAX_SECTION_FIELDS).map((f) => mrkdwn(truncateMrkdwn(f, MAX_FIELD_TEXT))),
  };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, MAX_HEADER_TEXT) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

/** A context block of escaped mrkdwn pieces (empty pieces skipped, at most 10, each cut short); null when empty. */
export function context(pieces: readonly string[]): ContextBlock | null {
  const elements = pieces
    .filter((p) => p.length > 0)
    .slice(0, MAX_CONTEXT_ELEMENTS)
    .map((p) => mrkdwn(truncateMrkdwn(p, CONTEXT_ELEMENT_TEXT)));
  return elements.length > 0 ? { type: 'context', elements } : null;
}

export function actions(elements: readonly Button[]): ActionsBlock | null {
  return elements.length > 0 ? { type: 'actions', elements: elements.slice(0, MAX_ACTIONS_ELEMENTS) } : null;
}

/** A button that opens `url` in the browser; null when the URL is not http(s) or too long. */
export function urlButton(actionId: string, text: string, url: string): Button | null {
  const href = safeUrl(url, MAX_BUTTON_URL);
  return href === null ? null : { type: 'button', action_id: actionId, text: plain(text, MAX_BUTTON_TEXT), url: href };
}

/** A button whose click reaches the app with `value`; null when the value is too long to send. */
export function valueButton(
  actionId: string,
  text: string,
  value: string,
  extra: Partial<Pick<Button, 'style' | 'confirm'>> = {},
): Button | null {
  if (value.length === 0 || value.length > MAX_BUTTON_VALUE) return null;
  return { type: 'button', action_id: actionId, text: plain(text, MAX_BUTTON_TEXT), value, ...extra };
}

/**
 * Joins already-built mrkdwn lines with newlines while the result fits in `max`. A line that no longer fits is cut
 * (link-safe) when enough room remains, and nothing after it is added.
 */
export function joinLines(lines: readonly string[], max: number): string {
  let out = '';
  for (const line of lines) {
    if (line.length === 0) continue;
    const sep = out.length > 0 ? 1 : 0;
    const room = max - out.length - sep;
    if (line.length <= room) {
      out += (sep ? '\n' : '') + line;
      continue;
    }
    if (room > 20) out += (sep ? '\n' : '') + truncateMrkdwn(line, room);
    break;
  }
  return out;
}

/** "…and 3 more" */
export function andMore(count: number, noun?: string): string {
  return `${ELLIPSIS}and ${countText(count)} more${noun ? ` ${noun}` : ''}`;
}

/**
 * A list of mrkdwn lines within `max` characters, ending with "…and N more" when items were left out (`hidden`
 * counts items the caller never passed, e.g. commits beyond those fetched).
 */
export function listText(items: readonly string[], hidden: number, max: number, lineMax = 400): string {
  const reserve = 40;
  const kept: string[] = [];
  let used = 0;
  for (const item of items) {
    const line = truncateMrkdwn(item, lineMax);
    if (used + line.length + 1 > max - reserve) break;
    kept.push(line);
    used += line.length + 1;
  }
  const more = hidden + items.length - kept.length;
  if (more > 0) kept.push(andMore(more));
  return joinLines(kept, max);
}

/** Forge text (a body) as a quoted excerpt: HTML comments and blank-line runs removed, at most `maxLines` lines and `maxChars` characters. Returns escaped mrkdwn, or '' when there is nothing to show. */
export function quoteExcerpt(raw: string | null | undefined, maxChars = 300, maxLines = 5): string {
  if (!raw) return '';
  const text = cleanText(raw.slice(0, maxChars * 20))
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l, i, all) => l.length > 0 || (i > 0 && (all[i - 1] ?? '').length > 0));
  while (text.length > 0 && (text[text.length - 1] ?? '') === '') text.pop();
  if (text.length === 0) return '';
  let lines = text.slice(0, maxLines);
  const cutLines = text.length > maxLines;
  let joined = truncate(lines.join('\n'), maxChars);
  if (cutLines && !joined.endsWith(ELLIPSIS)) joined += ELLIPSIS;
  lines = joined.split('\n');
  return lines.map((l) => `>${escapeMrkdwn(l)}`).join('\n');
}
