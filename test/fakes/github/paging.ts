import { HttpError } from './http-error.js';

export interface Page<T> {
  items: T[];
  link: string | null;
}

/** GitHub page/per_page paging with a Link header (first/prev/next/last). `max` caps the list (events: 300). */
export function paginate<T>(all: T[], selfUrl: string, options: { max?: number } = {}): Page<T> {
  const url = new URL(selfUrl);
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const items = options.max === undefined ? all : all.slice(0, options.max);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  if (options.max !== undefined && page > lastPage && (page - 1) * perPage >= options.max) {
    throw new HttpError(422, 'In order to keep the API fast for everyone, pagination is limited for this resource.');
  }
  const at = (n: number): string => {
    const copy = new URL(url);
    copy.searchParams.set('page', String(n));
    copy.searchParams.set('per_page', String(perPage));
    return copy.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${at(page - 1)}>; rel="prev"`, `<${at(1)}>; rel="first"`);
  if (page < lastPage) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(lastPage)}>; rel="last"`);
  return { items: items.slice((page - 1) * perPage, page * perPage), link: links.length > 0 ? links.join(', ') : null };
}
