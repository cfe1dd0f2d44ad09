import type { ForgeEvent } from '../../events/forge-event.js';
import { releaseSchema, type GitLabRelease } from './schemas.js';
import { keepLast } from './cursor.js';
import { projectSegment } from './web-urls.js';
import { buildEvent } from './normalise-event.js';
import type { PollContext } from './poll-context.js';

const MAX_SEEN = 200;

/**
 * Releases are not in the events feed: read the newest page of `/projects/:id/releases` and report each
 * tag once, when it is released (upcoming releases wait until their release date).
 */
export async function pollReleases(
  ctx: PollContext,
  seen: string[],
  since: number,
  now: number,
  /** The newest releases as the project probe already read them (GraphQL); null: read them over REST. */
  probed: readonly GitLabRelease[] | null = null,
): Promise<{ events: ForgeEvent[]; seen: string[] }> {
  const items =
    probed ??
    (
      await ctx.client.list(`/projects/${projectSegment(ctx.path)}/releases`, releaseSchema, {
        query: { order_by: 'created_at', sort: 'desc', per_page: 20 },
        meter: ctx.meter,
      })
    ).items;
  const events: ForgeEvent[] = [];
  const newSeen: string[] = [];
  for (const release of [...items].reverse()) {
    if (seen.includes(release.tag_name)) continue;
    const releasedAt = Math.max(
      Date.parse(release.created_at),
      release.released_at ? Date.parse(release.released_at) : 0,
    );
    if (release.upcoming_release === true || releasedAt > now) continue;
    newSeen.push(release.tag_name);
    if (releasedAt < since) continue;
    events.push(
      buildEvent(
        ctx,
        `${ctx.accountId}:gl-release:${ctx.repo}:${release.tag_name}`,
        release.author?.username ?? '',
        new Date(releasedAt).toISOString(),
        {
          event: 'releases',
          action: 'published',
          title: release.name || release.tag_name,
          url: release._links?.self ?? `${ctx.repoUrl}/-/releases/${encodeURIComponent(release.tag_name)}`,
          details: {
            kind: 'release',
            tag: release.tag_name,
            name: release.name ?? null,
            body: release.description ?? null,
          },
        },
      ),
    );
  }
  return { events, seen: keepLast([...seen, ...newSeen], MAX_SEEN) };
}
