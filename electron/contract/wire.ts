import { z } from 'zod';

/** Frames on the `serve` WebSocket and the IPC envelope. */
export const requestFrameSchema = z.object({ id: z.number().int(), method: z.string(), params: z.unknown() }).strict();

export type ApiErrorCode = 'invalid_params' | 'unknown_method' | 'not_found' | 'conflict' | 'failed' | 'bad_frame';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
}

export type ResponseFrame = { id: number; result: unknown } | { id: number; error: ApiErrorBody };
export type PushFrame = { event: string; payload: unknown };

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
