/**
 * Slack mrkdwn split into parts the app can show as Slack would: links (`<url|text>`), user and channel mentions,
 * *bold*, _italic_, ~strike~, `code` and the few emoji codes Forgebell's messages use. Entities (&lt; &gt; &amp;) are
 * decoded; only http(s) links become links.
 */
export type MrkdwnPart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; url: string }
  | { kind: 'mention'; text: string }
  | { kind: 'bold' | 'italic' | 'strike' | 'code'; text: string };

const EMOJI: Record<string, string> = {
  warning: '⚠️',
  tada: '🎉',
  hourglass: '⌛',
  white_check_mark: '✅',
  x: '❌',
  link: '🔗',
  eyes: '👀',
  memo: '📝',
};

const TOKEN =
  /<([^>|\n]+)(?:\|([^>\n]*))?>|(?<=^|[\s(])\*([^*\n]+)\*|(?<=^|[\s(])_([^_\n]+)_|(?<=^|[\s(])~([^~\n]+)~|`([^`\n]+)`|:([a-z0-9_+-]+):/g;

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function mrkdwnParts(source: string): MrkdwnPart[] {
  const parts: MrkdwnPart[] = [];
  const text = (t: string) => {
    if (!t) return;
    const last = parts[parts.length - 1];
    if (last?.kind === 'text') last.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  let at = 0;
  for (const m of source.matchAll(TOKEN)) {
    text(decode(source.slice(at, m.index)));
    at = m.index + m[0].length;
    const [whole, target, label, bold, italic, strike, code, emoji] = m;
    if (target !== undefined) {
      if (target.startsWith('@')) parts.push({ kind: 'mention', text: `@${label ?? target.slice(1)}` });
      else if (target.startsWith('#')) parts.push({ kind: 'mention', text: `#${label ?? target.slice(1)}` });
      else if (target.startsWith('!')) parts.push({ kind: 'mention', text: `@${label ?? target.slice(1)}` });
      else if (/^https?:\/\//i.test(target))
        parts.push({ kind: 'link', url: decode(target), text: decode(label ?? target) });
      else text(decode(label ?? target));
    } else if (bold !== undefined) parts.push({ kind: 'bold', text: decode(bold) });
    else if (italic !== undefined) parts.push({ kind: 'italic', text: decode(italic) });
    else if (strike !== undefined) parts.push({ kind: 'strike', text: decode(strike) });
    else if (code !== undefined) parts.push({ kind: 'code', text: decode(code) });
    else if (emoji !== undefined) text(EMOJI[emoji] ?? whole);
  }
  text(decode(source.slice(at)));
  return parts;
}
