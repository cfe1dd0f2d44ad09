/**
 * `@login`s written in forge text (Markdown bodies of issues, pull/merge requests, comments, reviews): the people
 * they name get a `mentioned` DM and show as Slack mentions on cards. Code spans and fenced blocks are not text;
 * e-mail addresses and team mentions (`@org/team`) are not logins.
 */

/** GitHub logins (letters, digits, "-") and GitLab/Gitea usernames (also "_" and "."), "[bot]" apps included. */
const LOGIN = String.raw`[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?(?:\[bot\])?`;
const MENTION = new RegExp(String.raw`(^|[^A-Za-z0-9_.\x60/@-])@(${LOGIN})(?![A-Za-z0-9_/-])`, 'g');
const MAX = 50;

/** Text without fenced code blocks and inline code spans (Markdown), whose `@` are not mentions. */
export function withoutCode(text: string): string {
  return text
    .replace(/^(\x60{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^\1[^\n]*$|(?![\s\S]))/gm, ' ')
    .replace(/\x60+[^\x60\n]*\x60+/g, ' ');
}

/** The distinct logins mentioned in `text`, in order of first appearance (at most 50). */
export function mentionedLogins(text: string | null | undefined): string[] {
  if (!text) return [];
  const seen = new Map<string, string>();
  for (const match of withoutCode(text).matchAll(MENTION)) {
    const login = match[2] as string;
    if (!seen.has(login.toLowerCase())) seen.set(login.toLowerCase(), login);
    if (seen.size >= MAX) break;
  }
  return [...seen.values()];
}
