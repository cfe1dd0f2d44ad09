import type { Dispatcher } from 'undici';
import type { VerifyResult } from '../../../contract/schemas.js';
import { createAdapter } from '../../forges/adapter-factory.js';
import { ForgeError } from '../../forges/forge-error.js';
import { caFileProblem } from '../../http/ca-file.js';
import { webUrlOf } from '../../forges/repo-reference.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { ForgeKind } from '../../../contract/vocabulary/forges.js';
import { forgeTokenShapeProblem } from '../../../contract/vocabulary/token-shapes.js';

export interface AccountRoute {
  apiUrl: string;
  caFile: string | null;
}

export interface AccountVerifyPort {
  clock: Clock;
  logger: Logger;
  /** Runs work over an account's network route (proxy for its URL, its CA file); throws when the CA file is unreadable. */
  accountRoute<T>(account: AccountRoute, work: (dispatcher: Dispatcher | undefined) => Promise<T>): Promise<T>;
}

export interface AccountCheck {
  forge: ForgeKind;
  apiUrl: string;
  token: string;
  caFile?: string | null;
}

/** Signs in with a token (whoami) and checks its scopes: the answer accounts.verify/save and the device flow show. */
export async function verifyAccount(port: AccountVerifyPort, input: AccountCheck): Promise<VerifyResult> {
  const shape = forgeTokenShapeProblem(input.forge, input.token);
  if (shape) return { ok: false, summary: shape, details: [{ ok: false, label: 'Token type', message: shape }] };
  const caFile = input.caFile?.trim() || null;
  const caProblem = caFile ? caFileProblem(caFile) : null;
  if (caProblem)
    return { ok: false, summary: caProblem, details: [{ ok: false, label: 'CA file', message: caProblem }] };
  try {
    return await port.accountRoute({ apiUrl: input.apiUrl, caFile }, (dispatcher) =>
      whoamiCheck(port, input, dispatcher),
    );
  } catch (error) {
    return { ok: false, summary: `Cannot read the CA file ${caFile}: ${(error as Error).message}`, details: [] };
  }
}

async function whoamiCheck(
  port: AccountVerifyPort,
  input: AccountCheck,
  dispatcher: Dispatcher | undefined,
): Promise<VerifyResult> {
  const adapter = createAdapter(
    { id: 'verify', forge: input.forge, apiUrl: input.apiUrl, token: input.token },
    { clock: port.clock, logger: port.logger, ...(dispatcher ? { dispatcher } : {}) },
  );
  try {
    const me = await adapter.whoami();
    const needed = input.forge === 'github' ? ['repo'] : ['api'];
    const missing = me.scopes
      ? needed.filter((s) => !me.scopes!.includes(s) && !(s === 'api' && me.scopes!.includes('read_api')))
      : [];
    const access = adapter.checkAccess ? await adapter.checkAccess() : null;
    const details = [
      {
        ok: true,
        label: 'Sign-in',
        message: `Signed in as ${me.login}${me.name ? ` (${me.name})` : ''} on ${new URL(webUrlOf(input.apiUrl)).host}`,
      },
      {
        ok: missing.length === 0,
        label: 'Scopes',
        message:
          me.scopes === null
            ? 'Fine-grained token: scopes are checked when a repository is added.'
            : missing.length
              ? `Missing scope ${missing.join(', ')} (${me.scopes.join(', ') || 'none granted'}). Create a token with it.`
              : `Scopes: ${me.scopes.join(', ')}`,
      },
    ];
    if (access) {
      // The forge cannot list the token's scopes: its own checks (server version, each scope probed) replace the line.
      details.pop();
      details.push(
        ...access.map((c) => ({ ok: c.ok, label: c.label, message: c.fix ? `${c.message} ${c.fix}` : c.message })),
      );
    }
    const fatal = access?.find((c) => !c.ok && c.label === 'server version');
    if (fatal) return { ok: false, summary: fatal.message, details };
    return { ok: true, summary: `Signed in as ${me.login}`, details };
  } catch (error) {
    const message = error instanceof ForgeError ? error.message : (error as Error).message;
    return {
      ok: false,
      summary: message,
      details: [{ ok: false, label: error instanceof ForgeError ? error.code : 'error', message }],
    };
  }
}
