import { type ItemStatePort, setItemState } from '../interactions/item-state.js';
import { type CommandReply, defineSlashCommand, ephemeral, type Invalid, invalid } from './command-types.js';
import { unwrapLink } from './command-tokens.js';

function parseUrl(verb: 'close' | 'reopen', [first]: readonly string[]): { url: string } | Invalid {
  const arg = first ? unwrapLink(first) : undefined;
  return arg && /^https?:\/\//.test(arg)
    ? { url: arg }
    : invalid(`Give the issue or pull/merge request URL: \`${verb} <url>\`.`);
}

function itemStateReply(url: string, state: 'closed' | 'open', user: string, port: ItemStatePort): CommandReply {
  return {
    ack: ephemeral(`${state === 'closed' ? 'Closing' : 'Reopening'} ${url}…`),
    later: async () => ephemeral(await setItemState(port, url, state, user)),
  };
}

/** `/forgebell close <issue-or-pr-url>` (paired users). */
export const closeCommand = defineSlashCommand({
  verb: 'close',
  access: 'paired',
  usage: (name) => `• \`${name} close <issue-or-pr-url>\` / \`${name} reopen <issue-or-pr-url>\``,
  parse: (words) => parseUrl('close', words),
  run: ({ url }, call, port: ItemStatePort) => itemStateReply(url, 'closed', call.user, port),
});

/** `/forgebell reopen <issue-or-pr-url>` (paired users); its help line is close's. */
export const reopenCommand = defineSlashCommand({
  verb: 'reopen',
  access: 'paired',
  usage: () => '',
  parse: (words) => parseUrl('reopen', words),
  run: ({ url }, call, port: ItemStatePort) => itemStateReply(url, 'open', call.user, port),
});
