import { z } from 'zod/mini';

/** Frames on the `serve` WebSocket and the IPC envelope. */
export const requestFrameSchema = z.strictObject({ id: z.int(), method: z.string(), params: z.unknown() });

export type ApiErrorCode = 'invalid_params' | 'unknown_method' | 'not_found' | 'conflict' | 'failed' | 'bad_frame';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
}

/** Thrown by engine handlers; carried to the UI as a typed error. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}
