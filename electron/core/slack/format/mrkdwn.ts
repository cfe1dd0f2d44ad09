/**
 * Safe building blocks for Slack `mrkdwn`: everything a forge controls (titles, bodies, branch and user names)
 * goes through `escapeMrkdwn` or `link` before it reaches Slack, and every cut goes through `truncate`.
 */

export const ELLIPSIS = '…';

/** Longest URL we put inside a `<url|label>` link; longer ones are shown as their label only. */
export const MAX_LINK_URL = 2000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls except tab and newline, DEL, C1 controls, and the bidi overrides/isolates used to disguise text.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const BROADCAST = /@(channel|here|everyone)\b/gi;
const WORD_JOINER = '\u2060';

/** Makes forge text well-formed and printable: lone surrogates → U+FFFD, CR dropped, control and bidi override characters removed. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(LONE_SURROGATE, '\uFFFD').replace(UNSAFE_CHARS, '');
}

/** `cleanText`, then every run of whitespace (newlines included) becomes one space; trimmed. For titles and names. */
export function oneLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

/**
 * `oneLine` then `truncate` to `max`, without scanning more than a bounded prefix of huge text (100 KB titles are
 * cleaned in microseconds, not milliseconds).
 */
export function clipLine(text: string, max: number): string {
  const bound = max * 2 + 64;
  if (text.length <= bound) return truncate(oneLine(text), max);
  const code = text.charCodeAt(bound - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? bound - 1 : bound;
  return truncate(oneLine(text.slice(0, end)) + ELLIPSIS, max);
}

/**
 * Escapes text for `mrkdwn`: `&`, `<`, `>` become entities, so nobody can plant `<!channel>`, `<@U123>` or
 * `<https://evil|innocent>`. Also cleans the text (see `cleanText`) and breaks bare `@channel`/`@here`/`@everyone`
 * with an invisible word joiner, in case a client parses them.
 */
export function escapeMrkdwn(text: string): string {
  return cleanText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(BROADCAST, `@${WORD_JOINER}$1`);
}

/** The URL in canonical form when it is a plain http(s) URL no longer than `maxLength`; otherwise null. */
export function safeUrl(url: string | null | undefined, maxLength = MAX_LINK_URL): string | null {
  if (!url || url.length > maxLength) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const href = parsed.href;
  return href.length <= maxLength ? href : null;
}

/**
 * A `mrkdwn` link `<url|label>`. The label is escaped and flattened to one line; `|` in it becomes `¦` (`>` is
 * already an entity). A URL that is not http(s), malformed or too long yields the escaped label as plain text.
 */
export function link(url: string | null | undefined, label: string): string {
  const text = escapeMrkdwn(oneLine(label)).replace(/\|/g, '¦');
  const href = safeUrl(url);
  if (href === null) return text;
  const target = href.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return text === '' ? `<${target}>` : `<${target}|${text}>`;
}

/** Inline code for forge text (branch, tag, sha): escaped, one line, backticks replaced so the span cannot be broken. */
export function code(text: string): string {
  const inner = escapeMrkdwn(oneLine(text)).replace(/`/g, 'ˋ');
  return inner === '' ? '' : `\`${inner}\``;
}

const ENTITY_AT_START = /^&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,7});/i;
let segmenter: Intl.Segmenter | null | undefined;

function graphemeSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter =
      typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  }
  return segmenter;
}

/** Largest index ≤ cut that splits neither a surrogate pair, nor an HTML entity, nor (nearby) a grapheme cluster. */
function safeCut(text: string, cut: number): number {
  let index = Math.max(0, Math.min(cut, text.length));
  // Keep emoji ZWJ sequences, flags and combining marks whole when the cluster is short.
  // Between two characters below U+0300 there is always a boundary (we drop CR, so no CR LF pair): skip the segmenter.
  const simple = text.charCodeAt(index - 1) < 0x300 && text.charCodeAt(index) < 0x300;
  const seg = simple ? null : graphemeSegmenter();
  if (seg !== null && index > 0 && index < text.length) {
    const start = Math.max(0, index - 32);
    let boundary = start;
    for (const part of seg.segment(text.slice(start, Math.min(text.length, index + 32)))) {
      const at = start + part.index;
      if (at > index) break;
      boundary = at;
    }
    if (boundary > start || start === 0) index = boundary;
  }
  // A high surrogate just before the cut would lose its partner.
  const before = text.charCodeAt(index - 1);
  if (index > 0 && index < text.length && before >= 0xd800 && before <= 0xdbff) index -= 1;
  // An entity such as &amp; must not be cut in half.
  const amp = text.lastIndexOf('&', index - 1);
  if (
    amp !== -1 &&
    index - amp <= 10 &&
    !text.slice(amp, index).includes(';') &&
    ENTITY_AT_START.test(text.slice(amp, amp + 12))
  ) {
    index = amp;
  }
  return index;
}

/**
 * Cuts `text` to at most `max` UTF-16 code units, ending with `…` when it had to cut. Never splits a surrogate
 * pair, an HTML entity or a short grapheme cluster.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max < ELLIPSIS.length + 1) return ELLIPSIS.slice(0, max);
  const cut = safeCut(text, max - ELLIPSIS.length);
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/**
 * `truncate` for built `mrkdwn`: additionally never cuts inside a `<…>` control sequence (link, mention), backing up
 * to before it instead. Safe because escaped forge text never contains a raw `<`.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length + 1) return truncate(text, max);
  let cut = safeCut(text, max - ELLIPSIS.length);
  const open = text.lastIndexOf('<', cut - 1);
  if (open !== -1 && text.lastIndexOf('>', cut - 1) < open) cut = open;
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/** Truncates raw forge text, then escapes it, staying within `max` after escaping. */
export function escapeTruncated(text: string, max: number): string {
  return truncateMrkdwn(escapeMrkdwn(truncate(text, max)), max);
}
