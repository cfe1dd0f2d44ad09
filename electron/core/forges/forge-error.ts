/** Typed forge failures: the tray, feed and `doctor` turn the code into a plain-language cause and fix. */
export type ForgeErrorCode =
  | 'dns'
  | 'tcp'
  | 'tls'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'missing_scope'
  | 'not_found'
  | 'rate_limited'
  | 'server_error'
  | 'bad_response'
  | 'invalid_input';

export class ForgeError extends Error {
  override readonly name = 'ForgeError';
  constructor(
    readonly code: ForgeErrorCode,
    message: string,
    readonly details: { status?: number; retryAt?: number; host?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  /** Transient failures are retried with backoff; the others need the user. */
  get transient(): boolean {
    return ['dns', 'tcp', 'timeout', 'rate_limited', 'server_error', 'bad_response'].includes(this.code);
  }
}
