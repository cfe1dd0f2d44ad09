/** Bot scopes Forgebell asks for, and which features need which. */

/** Always needed: post (also in public channels it has not joined), slash commands, channel list/join, user names, mentions. */
export const REQUIRED_BOT_SCOPES = [
  'chat:write',
  'chat:write.public',
  'commands',
  'channels:read',
  'channels:join',
  'users:read',
  'app_mentions:read',
] as const;

/** Posting under a custom name/icon (`slack.username`, `slack.iconUrl`). */
export const CUSTOMIZE_SCOPES = ['chat:write.customize'] as const;
/** Reading message metadata back from channel history (rebuilding the thread map). */
export const HISTORY_SCOPES = ['channels:history', 'groups:history'] as const;
/** Link previews (`link_shared` → `chat.unfurl`). */
export const UNFURL_SCOPES = ['links:read', 'links:write'] as const;
/**
 * Personal DMs (docs/cli-and-config.md §4): `im:write` opens the DM with a person (conversations.open), `im:history`
 * finds a DM a crash interrupted so it is not sent twice. (Posting a DM to a user ID needs only chat:write; names and
 * time zones come with users:read, which is required anyway.)
 */
export const PEOPLE_SCOPES = ['im:write', 'im:history'] as const;

/** State reactions on thread parents (docs/cli-and-config.md §4): reactions.add / reactions.remove. */
export const REACTION_SCOPES = ['reactions:write'] as const;

export interface ScopeNeeds {
  customize: boolean;
  history: boolean;
  unfurl: boolean;
  /** Personal DMs. */
  people?: boolean;
  /** State reactions on thread parents. */
  reactions?: boolean;
}

/** The bot scopes needed for the given features, required ones first, without duplicates. */
export function neededScopesFor(needs: ScopeNeeds): string[] {
  const scopes: string[] = [...REQUIRED_BOT_SCOPES];
  if (needs.customize) scopes.push(...CUSTOMIZE_SCOPES);
  if (needs.history) scopes.push(...HISTORY_SCOPES);
  if (needs.unfurl) scopes.push(...UNFURL_SCOPES);
  if (needs.people) scopes.push(...PEOPLE_SCOPES);
  if (needs.reactions) scopes.push(...REACTION_SCOPES);
  return [...new Set(scopes)];
}

/** What stops working without a scope, and the fix, for `doctor` and the Slack step. */
export const SCOPE_EFFECTS: Readonly<Record<string, string>> = {
  'users:read':
    'people are shown without their Slack names and the People screen cannot list your workspace (users.list)',
  'im:write':
    'Forgebell cannot open a DM to check whether a personal DM was already sent after a crash (it may be sent twice)',
  'im:history': 'a personal DM interrupted by a crash cannot be looked for, so it may be sent twice',
  'reactions:write':
    'thread parents get no reaction for their state (approved, merged, closed, checks failed); messages are still delivered',
};

/** Scopes in `needed` that `granted` (e.g. from the `x-oauth-scopes` header) lacks. */
export function missingScopes(needed: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted.map((s) => s.trim()).filter((s) => s !== ''));
  return needed.filter((s) => !have.has(s));
}
