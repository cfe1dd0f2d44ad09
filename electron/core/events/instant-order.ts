/**
 * Orders forge timestamps (ISO 8601, with or without milliseconds or an offset) by the instant they name. Plain
 * comparisons on purpose: `localeCompare` would load ICU's collation data into every engine (a few MB of RSS) only to
 * sort digits, and would put `…:00Z` after `…:00.5Z`. Unparsable stamps sort after parsable ones, by their text.
 */
export function compareInstants(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  const aBad = Number.isNaN(ta);
  const bBad = Number.isNaN(tb);
  if (!aBad && !bBad && ta !== tb) return ta - tb;
  if (aBad !== bBad) return aBad ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
