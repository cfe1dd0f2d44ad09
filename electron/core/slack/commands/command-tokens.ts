/** Splits on spaces, keeping "quoted strings" together (for +label:"needs review"). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /(\S*?"[^"]*"\S*|\S+)/g;
  for (const m of text.matchAll(re)) out.push(m[0]);
  return out;
}

/** Slack wraps URLs in <…> or <…|label>; unwrap them. */
export function unwrapLink(token: string): string {
  const m = /^<([^|>]+)(\|[^>]*)?>$/.exec(token);
  return m ? m[1]! : token;
}
