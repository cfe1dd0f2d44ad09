import { runDoctor } from '../core/doctor/doctor.js';
import { proxyForUrl } from '../core/http/proxy-choice.js';
import { systemClock } from '../core/runtime/clock.js';
import { silentLogger } from '../core/runtime/logger.js';
import { readDmProblems } from '../core/state/people-store.js';
import { join } from 'node:path';
import { CliError } from './cli-error.js';
import { openHeadless, requireForgebellData } from './headless-context.js';

/** One line per check with a cause and a fix; exit 0 when all pass, 1 otherwise. */
export async function doctorCommand(dataDir: string, out: (line: string) => void): Promise<number> {
  requireForgebellData(dataDir, 'doctor', 'settings');
  const ctx = openHeadless(dataDir, { createKey: false });
  let settings;
  try {
    settings = ctx.repo.load();
  } catch (error) {
    throw new CliError(`Cannot read the settings in ${dataDir}: ${(error as Error).message}`, 1);
  }
  const proxyFor = (url: string): string | null => proxyForUrl(settings.proxy, url);
  const unreadable = ctx.repo.unreadable().map((u) => ({
    name: `Stored secret ${u.field}`,
    ok: false,
    message: u.message,
    fix: null,
  }));
  const checks = [
    ...unreadable,
    ...(await runDoctor(settings, {
      clock: systemClock,
      logger: silentLogger,
      proxyFor,
      dmProblems: readDmProblems(join(dataDir, 'state.db')),
    })),
  ];
  for (const c of checks) out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.message}${c.fix ? ` Fix: ${c.fix}` : ''}`);
  const failed = checks.filter((c) => !c.ok).length;
  out(failed === 0 ? `All ${checks.length} checks passed.` : `${failed} of ${checks.length} checks failed.`);
  return failed === 0 ? 0 : 1;
}
