import { HttpError } from './http-error.js';
import { iso, renderUser } from './render.js';
import { canSee, paged, repoFrom, type Route, type RouteContext, type RouteResult } from './router.js';
import type { World } from './world.js';
import type { FakeEvent } from './world-types.js';

export interface FeedLimits {
  /** At most this many events per feed (GitHub: 300). */
  maxEvents: number;
  /** Only events from the past N days (GitHub: 30). */
  maxAgeDays: number;
  /** Reshapes each rendered feed entry (thinned payloads, null type or time …); see feed-shaping.ts. */
  shape: () => FeedShaper | null;
}

/** Rewrites a feed entry as rendered (a fresh copy: free to mutate), or returns a replacement. */
export type FeedShaper = (entry: Record<string, unknown>) => Record<string, unknown>;

function renderEvent(world: World, event: FakeEvent): Record<string, unknown> {
  const actor = renderUser(world, event.actor);
  return {
    id: String(event.id),
    type: event.type,
    actor: {
      id: actor.id,
      login: event.actor,
      display_login: event.actor,
      gravatar_id: '',
      url: actor.url,
      avatar_url: actor.avatar_url,
    },
    repo: { id: event.repoId, name: event.repoName, url: `${world.urls.api}/repos/${event.repoName}` },
    payload: event.payload,
    public: event.public,
    created_at: iso(event.createdAt),
  };
}

/** Newest first, visible (lag elapsed), inside the retention window, capped. */
function feed(ctx: RouteContext, limits: FeedLimits, keep: (event: FakeEvent) => boolean): RouteResult {
  const now = ctx.world.now();
  const oldest = now - limits.maxAgeDays * 86_400_000;
  const events: Record<string, unknown>[] = [];
  for (let i = ctx.world.events.length - 1; i >= 0 && events.length < limits.maxEvents; i--) {
    const event = ctx.world.events[i] as FakeEvent;
    if (event.visibleAt > now || event.createdAt < oldest || !keep(event)) continue;
    const shape = limits.shape();
    const rendered = renderEvent(ctx.world, event);
    events.push(shape ? shape(JSON.parse(JSON.stringify(rendered)) as Record<string, unknown>) : rendered);
  }
  return { ...paged(ctx, events, { max: limits.maxEvents }), pollInterval: true };
}

export function eventRoutes(limits: FeedLimits): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/events$/,
      handle: (ctx) => {
        const repo = repoFrom(ctx);
        return feed(ctx, limits, (e) => e.repoId === repo.id);
      },
    },
    {
      // Public events of the organisation's repositories only.
      method: 'GET',
      pattern: /^\/orgs\/([^/]+)\/events$/,
      handle: (ctx) => {
        const org = (ctx.params[0] as string).toLowerCase();
        return feed(ctx, limits, (e) => e.public && e.owner.toLowerCase() === org);
      },
    },
    {
      // The authenticated member's organisation feed: private events too.
      method: 'GET',
      pattern: /^\/users\/([^/]+)\/events\/orgs\/([^/]+)$/,
      handle: (ctx) => {
        if ((ctx.params[0] as string).toLowerCase() !== ctx.token.login.toLowerCase())
          throw new HttpError(404, 'Not Found');
        const org = (ctx.params[1] as string).toLowerCase();
        if (ctx.world.ssoRequired.has(org))
          throw new HttpError(403, 'Resource protected by organization SAML enforcement.');
        return feed(ctx, limits, (e) => {
          const repo = ctx.world.findRepo(e.repoName);
          return e.owner.toLowerCase() === org && repo !== undefined && canSee(ctx.token, repo);
        });
      },
    },
  ];
}
