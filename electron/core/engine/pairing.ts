import { randomInt } from 'node:crypto';
import type { Logger } from '../runtime/logger.js';
import type { PairingOutcome } from '../slack/commands/link-command.js';
import type { SettingsAccess } from './settings-service.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PAIRING_TTL_MS = 10 * 60_000;
/** Wrong codes tried against one code before it is invalidated (32^6 codes: guessing within 5 tries is hopeless). */
export const PAIRING_MAX_FAILURES = 5;

export interface PairingDeps {
  now: () => number;
  settings: SettingsAccess;
  logger: Logger;
  /** Tells the UI who was paired (after the pairing is saved). */
  onPaired: (userId: string) => void;
}

/**
 * One-time codes for `/forgebell link CODE`: valid 10 minutes, single use. Wrong codes are counted and logged (never
 * the code itself); the fifth wrong one invalidates the code. A right code pairs the user only once that is saved:
 * Slack never says "Paired" when saving failed, and the code stays usable for another try.
 */
export class Pairing {
  private current: { code: string; expiresAt: number; failures: number } | null = null;

  constructor(private readonly deps: PairingDeps) {}

  start(): { code: string; expiresAt: number } {
    const code = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    this.current = { code, expiresAt: this.deps.now() + PAIRING_TTL_MS, failures: 0 };
    this.deps.logger.info('pairing code issued (valid 10 minutes)');
    return { code, expiresAt: this.current.expiresAt };
  }

  async complete(code: string, userId: string): Promise<PairingOutcome> {
    const c = this.current;
    const { logger } = this.deps;
    if (!c || c.expiresAt < this.deps.now()) {
      logger.warn(`pairing attempt by Slack user ${userId}: no valid code is waiting`);
      return { ok: false, reason: 'unknown' };
    }
    if (c.code !== code.trim().toUpperCase()) {
      c.failures++;
      if (c.failures >= PAIRING_MAX_FAILURES) {
        this.current = null;
        logger.warn(
          `pairing attempt by Slack user ${userId}: wrong code (${c.failures} of ${PAIRING_MAX_FAILURES}); the code is invalidated, start a new one in the app`,
        );
        return { ok: false, reason: 'locked' };
      }
      logger.warn(
        `pairing attempt by Slack user ${userId}: wrong code (${c.failures} of ${PAIRING_MAX_FAILURES} before the code is invalidated)`,
      );
      return { ok: false, reason: 'unknown' };
    }
    try {
      await this.deps.settings.update((s) => {
        if (!s.slack.commandUsers.includes(userId)) s.slack.commandUsers.push(userId);
        return s;
      });
    } catch (error) {
      logger.error(`pairing Slack user ${userId} could not be saved`, { error });
      return { ok: false, reason: 'save_failed', message: (error as Error).message };
    }
    if (this.current === c) this.current = null;
    logger.info(`paired Slack user ${userId}`);
    this.deps.onPaired(userId);
    return { ok: true };
  }
}
