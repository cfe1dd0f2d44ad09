import type { ForgeEvent } from '../../events/forge-event.js';
import type { GiteaClient, Meter } from './client.js';
import { buildEvent } from './normalise-feed-event.js';
import { wikiPageSchema } from './schemas.js';

export interface WikiContext {
  client: GiteaClient;
  accountId: string;
  repo: string;
  repoPath: string;
  repoUrl: string;
  meter: Meter;
}

/**
 * Gitea writes no feed row for wiki edits: the page list (`/wiki/pages`, each page with its last commit) is compared
 * with the last one. The first read is the baseline and reports nothing; a new title is "created", a new commit on
 * a known page "edited". A repository without a wiki answers 404: an empty baseline.
 */
export async function pollWiki(
  ctx: WikiContext,
  known: Record<string, string> | null,
  since: number,
): Promise<{ events: ForgeEvent[]; pages: Record<string, string> }> {
  const { items } = await ctx.client
    .list(`${ctx.repoPath}/wiki/pages`, wikiPageSchema, { meter: ctx.meter, maxPages: 4 })
    .catch((error: unknown) => {
      if (error instanceof Error && 'code' in error && (error as { code: string }).code === 'not_found')
        return { items: [], truncated: false };
      throw error;
    });
  const pages: Record<string, string> = {};
  const events: ForgeEvent[] = [];
  for (const page of items) {
    const sha = page.last_commit?.sha;
    if (!sha) continue;
    pages[page.title] = sha;
    if (known === null || known[page.title] === sha) continue;
    const at = page.last_commit?.author?.date ?? new Date(since).toISOString();
    if (Date.parse(at) < since) continue;
    const action = page.title in known ? 'edited' : 'created';
    const url = page.html_url ?? `${ctx.repoUrl}/wiki/${encodeURIComponent(page.sub_url ?? page.title)}`;
    events.push(
      buildEvent(ctx, `${ctx.accountId}:gt-wiki:${page.title}:${sha}`, page.last_commit?.author?.name ?? '', at, {
        event: 'wiki',
        action,
        title: page.title,
        url,
        details: { kind: 'wiki', pages: [{ title: page.title, action, url }] },
      }),
    );
  }
  return { events, pages };
}
