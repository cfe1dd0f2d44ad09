import { formatJsonPath } from './vocabulary/json-path.js';
import { type ApiHandlers, isMethodName, methods, type MethodName } from './api.js';
import { ApiError, type ApiErrorBody } from './wire.js';

/**
 * Validates one call at the boundary and runs it. Shared by both transports:
 * invalid input yields a typed error, never a crash, and results are checked against the contract too.
 */
export async function dispatchCall(
  handlers: ApiHandlers,
  method: unknown,
  params: unknown,
): Promise<{ result: unknown } | { error: ApiErrorBody }> {
  if (!isMethodName(method))
    return { error: { code: 'unknown_method', message: `Unknown method ${JSON.stringify(method)}.` } };
  const spec = methods[method];
  const parsed = spec.params.safeParse(params ?? {});
  if (!parsed.success) {
    return {
      error: {
        code: 'invalid_params',
        message: `Invalid parameters for ${method}.`,
        issues: parsed.error.issues.map((i) => ({ path: formatJsonPath(i.path), message: i.message })),
      },
    };
  }
  try {
    const handler = handlers[method] as (p: unknown) => Promise<unknown>;
    const result = await handler(parsed.data);
    return { result: (spec.result as (typeof methods)[MethodName]['result']).parse(result) };
  } catch (error) {
    if (error instanceof ApiError) return { error: error.toBody() };
    return { error: { code: 'failed', message: error instanceof Error ? error.message : String(error) } };
  }
}
