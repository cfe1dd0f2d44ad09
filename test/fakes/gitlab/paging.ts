/** GitLab offset pagination: `page`, `per_page` (default 20, at most 100) and the x-* / Link headers. */
export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** Past this many records GitLab stops counting: no x-total, x-total-pages or rel="last". */
const COUNT_LIMIT = 10_000;

export function paginate<T>(all: T[], url: URL): Page<T> {
  const perPage = clamp(Number(url.searchParams.get('per_page') ?? 20) || 20, 1, 100);
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page') ?? 1) || 1));
  const totalPages = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const counted = all.length <= COUNT_LIMIT;
  const next = page < totalPages ? String(page + 1) : '';
  const prev = page > 1 ? String(page - 1) : '';
  const link = (p: number): string => {
    const u = new URL(url);
    u.searchParams.set('page', String(p));
    u.searchParams.set('per_page', String(perPage));
    return u.toString();
  };
  const links: string[] = [];
  if (prev) links.push(`<${link(page - 1)}>; rel="prev"`);
  if (next) links.push(`<${link(page + 1)}>; rel="next"`);
  links.push(`<${link(1)}>; rel="first"`);
  if (counted) links.push(`<${link(totalPages)}>; rel="last"`);
  const headers: Record<string, string> = {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-next-page': next,
    'x-prev-page': prev,
    link: links.join(', '),
  };
  if (counted) {
    headers['x-total'] = String(all.length);
    headers['x-total-pages'] = String(totalPages);
  }
  return { items, headers };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}
