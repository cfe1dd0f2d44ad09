/**
 * Engine messages carry machine times (`waiting until 2026-12-06T03:12:00.000Z`): the UI shows them in the reader's
 * own clock and words. This finds them; TimesInText renders them.
 */

/** An ISO 8601 UTC or offset time with at least minutes, as the engine writes them. */
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})/g;

export type TextPart = { text: string } | { iso: string };

/** The text split into plain parts and the times found in it (a string that only looks like one stays text). */
export function splitTimes(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(ISO_TIME)) {
    const at = match.index;
    if (Number.isNaN(Date.parse(match[0]))) continue;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ iso: match[0] });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
