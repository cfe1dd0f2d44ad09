/** Thrown by route handlers; the server renders it as GitHub's JSON error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** More fields of the error body (GitHub's `errors` array on a 422). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function errorBody(message: string): Record<string, string> {
  return { message, documentation_url: 'https://docs.github.com/rest', status: message === 'Not Found' ? '404' : '' };
}
