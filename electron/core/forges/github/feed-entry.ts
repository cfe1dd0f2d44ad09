import { z } from 'zod';

/**
 * One entry of an events feed (GET /repos/{o}/{r}/events, organisation feeds), as far as Forgebell relies on it.
 * GitHub's description marks `type` and `created_at` nullable: such an entry is still read (see completeFeedPage),
 * never dropped for it.
 */
const rawEntrySchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  type: z.string().nullish(),
  actor: z.object({ login: z.string(), display_login: z.string().nullish() }),
  payload: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((payload) => payload ?? {}),
  /** Which repository (organisation and user feeds mix several). */
  repo: z.object({ name: z.string(), id: z.union([z.number(), z.string()]).nullish() }).nullish(),
  created_at: z.string().nullish(),
  /** GitHub's `public` (required in its event schema): true when the repository was public when this happened. */
  public: z.boolean().nullish(),
});

export interface FeedEntry {
  id: string;
  /** The event type; inferred from the payload when the feed had none ('' when it could not be). */
  type: string;
  actor: { login: string; display_login?: string | null | undefined };
  payload: Record<string, unknown>;
  repo?: { name: string; id?: number | string | null | undefined } | null | undefined;
  /** When GitHub recorded it; taken from the neighbouring entries when the feed had no usable time. */
  created_at: string;
  /** GitHub's `public`: true for an event in a public repository (false: private or internal; absent: not said). */
  public?: boolean | null | undefined;
}

/** The id of a raw entry, when it has one (so even malformed entries are remembered as processed). */
export function rawEntryId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/** One raw item of a feed page: its id (null: none), and the entry or why it could not be read. */
export type PageItem =
  { id: null } | { id: string; entry: FeedEntry; repaired: string[] } | { id: string; entry: null; problem: string };

const validTime = (value: string | null | undefined): value is string =>
  typeof value === 'string' && Number.isFinite(Date.parse(value));

/**
 * Reads one page of a feed (newest first). An entry without a usable `created_at` gets the time of the nearest older
 * entry on the page (feed ids grow with time, so it happened no earlier), else of the nearest newer one, else
 * `readAt`; an entry without a `type` gets the one its payload shows (see inferFeedType). `repaired` says what was
 * filled in, for the log.
 */
export function completeFeedPage(raws: readonly unknown[], readAt: number): PageItem[] {
  const items: PageItem[] = [];
  const times: (string | null)[] = [];
  for (const raw of raws) {
    const id = rawEntryId(raw);
    if (id === null) {
      items.push({ id: null });
      times.push(null);
      continue;
    }
    const parsed = rawEntrySchema.safeParse(raw);
    if (!parsed.success) {
      items.push({ id, entry: null, problem: parsed.error.issues[0]?.message ?? 'invalid' });
      times.push(null);
      continue;
    }
    const data = parsed.data;
    const repaired: string[] = [];
    let type = data.type ?? '';
    if (type === '') {
      type = inferFeedType(data.payload) ?? '';
      repaired.push(type ? `type (${type}, from its payload)` : 'type (unknown)');
    }
    const time = validTime(data.created_at) ? data.created_at : null;
    if (time === null) repaired.push('created_at');
    times.push(time);
    items.push({
      id,
      entry: {
        id: data.id,
        type,
        actor: data.actor,
        payload: data.payload,
        repo: data.repo,
        created_at: time ?? '',
        ...(typeof data.public === 'boolean' ? { public: data.public } : {}),
      },
      repaired,
    });
  }
  items.forEach((item, index) => {
    if (!('entry' in item) || item.entry === null || times[index] !== null) return;
    const older = times.slice(index + 1).find((t): t is string => t !== null);
    const newer = times
      .slice(0, index)
      .reverse()
      .find((t): t is string => t !== null);
    item.entry.created_at = older ?? newer ?? new Date(readAt).toISOString();
  });
  return items;
}

/**
 * The event type a payload belongs to, for an entry whose `type` is null. Only shapes that cannot be mistaken are
 * recognised (a DeleteEvent's payload is a CreateEvent's without `master_branch`: not guessed); null otherwise.
 */
export function inferFeedType(payload: Record<string, unknown>): string | null {
  const has = (key: string): boolean => payload[key] !== undefined && payload[key] !== null;
  if (has('pull_request')) {
    if (has('review')) return 'PullRequestReviewEvent';
    return has('comment') ? 'PullRequestReviewCommentEvent' : 'PullRequestEvent';
  }
  if (has('issue')) return has('comment') ? 'IssueCommentEvent' : 'IssuesEvent';
  if (has('discussion')) return has('comment') ? 'DiscussionCommentEvent' : 'DiscussionEvent';
  if (has('comment')) return 'CommitCommentEvent';
  if (has('release')) return 'ReleaseEvent';
  if (Array.isArray(payload.pages)) return 'GollumEvent';
  if (has('head') && has('before') && has('ref')) return 'PushEvent';
  if (has('ref_type') && has('master_branch')) return 'CreateEvent';
  return null;
}
