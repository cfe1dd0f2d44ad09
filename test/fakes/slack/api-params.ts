import { SlackApiError } from './web-api-types.js';

/** Readers for Web API arguments, which arrive as form strings (or JSON values when posted as JSON). */

export function str(params: Record<string, unknown>, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function bool(params: Record<string, unknown>, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function int(params: Record<string, unknown>, key: string): number | undefined {
  const raw = str(params, key);
  if (raw === undefined) return undefined;
  const value = Number.parseInt(raw, 10);
  if (Number.isNaN(value))
    throw new SlackApiError('invalid_arguments', { response_metadata: { messages: [`[ERROR] invalid \`${key}\``] } });
  return value;
}

/** A JSON-encoded argument (blocks, metadata, view, unfurls). `formatError` is the Slack error for bad JSON. */
export function json(params: Record<string, unknown>, key: string, formatError: string): unknown {
  const value = params[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new SlackApiError(formatError);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
