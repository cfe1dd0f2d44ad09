import type { z } from 'zod';
import type { GetOptions, GitHubClient } from './client.js';

const MAX_ENTRIES = 2_000;

/**
 * Remembers answers with their ETag and revalidates with If-None-Match: GitHub answers an unchanged resource with a
 * 304, which costs no rate-limit budget. Used for slow-changing resources read again and again (repository,
 * protected branches). Bounded; the oldest entries go first.
 */
export class ConditionalCache {
  private readonly entries = new Map<string, { etag: string; data: unknown; headers: Headers }>();

  constructor(private readonly client: GitHubClient) {}

  async get<S extends z.ZodType>(
    path: string,
    schema: S,
    options: Omit<GetOptions, 'etag'>,
  ): Promise<z.output<S> | null> {
    return (await this.getWithHeaders(path, schema, options)).data;
  }

  async getWithHeaders<S extends z.ZodType>(
    path: string,
    schema: S,
    options: Omit<GetOptions, 'etag'>,
  ): Promise<{ data: z.output<S>; headers: Headers }> {
    const key = `${path}?${new URLSearchParams(Object.entries(options.query ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString()}`;
    const known = this.entries.get(key);
    const result = await this.client.get(path, schema, { ...options, etag: known?.etag ?? null });
    if (result.status === 304 && known) return { data: known.data as z.output<S>, headers: known.headers };
    if (result.data === null) throw new Error(`GitHub answered 304 for ${options.what} without a cached copy`);
    this.entries.delete(key);
    if (result.etag) this.entries.set(key, { etag: result.etag, data: result.data, headers: result.headers });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return { data: result.data, headers: result.headers };
  }
}
