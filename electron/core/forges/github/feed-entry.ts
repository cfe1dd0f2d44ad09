import { z } from 'zod';

/** One entry of GET /repos/{o}/{r}/events, as far as Forgebell relies on it. */
export const feedEntrySchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  type: z.string(),
  actor: z.object({ login: z.string(), display_login: z.string().nullish() }),
  payload: z.record(z.string(), z.unknown()),
  /** Which repository (organisation and user feeds mix several). */
  repo: z.object({ name: z.string() }).nullish(),
  created_at: z.string().refine((value) => Number.isFinite(Date.parse(value)), 'not a timestamp'),
});

export type FeedEntry = z.output<typeof feedEntrySchema>;

/** The id of a raw entry, when it has one (so even malformed entries are remembered as processed). */
export function rawEntryId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}
