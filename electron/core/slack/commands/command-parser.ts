import { validateBranchPattern } from '../../../contract/vocabulary/branch-glob.js';
import { EVENT_NAMES, type EventName, isEventName } from '../../../contract/vocabulary/event-names.js';

export type ParsedCommand =
  | { verb: 'subscribe'; repo: string; events: EventName[]; labels: string[]; branches: string[]; problems: string[] }
  | { verb: 'unsubscribe'; repo: string; events: EventName[]; problems: string[] }
  | { verb: 'list' }
  | { verb: 'open'; repo: string }
  | { verb: 'close' | 'reopen'; url: string }
  | { verb: 'link'; code: string }
  | { verb: 'help' }
  | { verb: 'invalid'; message: string };

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

export function usage(command: string): string {
  return [
    `*${command} usage*`,
    `• \`${command} subscribe <repo> [event …] [+label:"name"] [commits:<branch-or-glob>]\` — notify this channel`,
    `• \`${command} unsubscribe <repo> [event …]\` — stop some events, or all of them`,
    `• \`${command} list\` — this channel's subscriptions`,
    `• \`${command} open <repo>\` — create an issue`,
    `• \`${command} close <issue-or-pr-url>\` / \`${command} reopen <issue-or-pr-url>\``,
    `• \`${command} link <code>\` — pair your Slack user with the Forgebell app`,
    '`<repo>` is `owner/name`, a web URL, or `<account-id>:<path>`.',
    `Events: ${EVENT_NAMES.join(', ')}.`,
  ].join('\n');
}

/** The slash-command grammar of spec §3. */
export function parseCommand(text: string): ParsedCommand {
  const tokens = tokenize(text.trim());
  const verb = (tokens.shift() ?? 'help').toLowerCase();
  const arg = tokens[0] ? unwrapLink(tokens[0]) : undefined;
  switch (verb) {
    case 'help':
      return { verb: 'help' };
    case 'list':
      return { verb: 'list' };
    case 'link':
      return arg
        ? { verb: 'link', code: arg.toUpperCase() }
        : { verb: 'invalid', message: 'Give the code the Forgebell app shows: `link <code>`.' };
    case 'open':
      return arg ? { verb: 'open', repo: arg } : { verb: 'invalid', message: 'Say which repository: `open <repo>`.' };
    case 'close':
    case 'reopen':
      return arg && /^https?:\/\//.test(arg)
        ? { verb, url: arg }
        : { verb: 'invalid', message: `Give the issue or pull/merge request URL: \`${verb} <url>\`.` };
    case 'subscribe':
    case 'unsubscribe': {
      if (!arg) return { verb: 'invalid', message: `Say which repository: \`${verb} <repo> [event …]\`.` };
      const events: EventName[] = [];
      const labels: string[] = [];
      const branches: string[] = [];
      const problems: string[] = [];
      for (const raw of tokens.slice(1)) {
        const t = raw.replace(/,$/, '');
        const label = /^\+label:"?([^"]+)"?$/i.exec(t);
        const commits = /^commits:(.+)$/i.exec(t);
        if (label && verb === 'subscribe') labels.push(label[1]!);
        else if (commits && verb === 'subscribe') {
          const problem = validateBranchPattern(commits[1]!);
          if (problem) problems.push(`commits:${commits[1]!}: ${problem}`);
          else branches.push(commits[1]!);
          if (!events.includes('commits')) events.push('commits');
        } else if (isEventName(t.toLowerCase())) events.push(t.toLowerCase() as EventName);
        else problems.push(`unknown event "${t}"`);
      }
      return verb === 'subscribe'
        ? { verb, repo: arg, events, labels, branches, problems }
        : { verb, repo: arg, events, problems };
    }
    default:
      return { verb: 'invalid', message: `Unknown command "${verb}".` };
  }
}
