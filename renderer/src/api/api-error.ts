/** An error answered by the engine (or by the transport), as the UI sees it. */
export type ClientErrorCode =
  | 'invalid_params'
  | 'unknown_method'
  | 'not_found'
  | 'conflict'
  | 'failed'
  | 'bad_frame'
  | 'disconnected'
  | 'timeout'
  | 'unauthorized';

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    readonly code: ClientErrorCode | string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Turns an `{code, message, issues?}` body from either transport into an ApiCallError. */
export function apiErrorFromBody(body: unknown): ApiCallError {
  if (!isRecord(body)) return new ApiCallError('failed', 'The engine answered with an unreadable error.');
  const code = typeof body.code === 'string' ? body.code : 'failed';
  const message = typeof body.message === 'string' ? body.message : 'The engine reported an error without a message.';
  const issues = Array.isArray(body.issues)
    ? body.issues.flatMap((i): ApiIssue[] =>
        isRecord(i) && typeof i.message === 'string'
          ? [{ path: typeof i.path === 'string' ? i.path : '(root)', message: i.message }]
          : [],
      )
    : [];
  return new ApiCallError(code, message, issues);
}

/** A sentence for the user: the message plus the first few field problems. */
export function describeError(error: unknown): string {
  if (error instanceof ApiCallError) {
    if (error.issues.length === 0) return error.message;
    const parts = error.issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`);
    return `${error.message} ${parts.join('; ')}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The engine's field problems by path (`repo`, `token`, …), to show beside the field they are about. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiCallError)) return {};
  return Object.fromEntries(error.issues.filter((i) => i.path !== '(root)').map((i) => [i.path, i.message]));
}
