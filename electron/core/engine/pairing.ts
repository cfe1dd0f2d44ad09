import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PAIRING_TTL_MS = 10 * 60_000;

/** One-time codes for `/forgebell link CODE`: valid 10 minutes, single use. */
export class Pairing {
  private current: { code: string; expiresAt: number } | null = null;

  constructor(
    private readonly now: () => number,
    private readonly onPaired: (userId: string) => void,
  ) {}

  start(): { code: string; expiresAt: number } {
    const code = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    this.current = { code, expiresAt: this.now() + PAIRING_TTL_MS };
    return this.current;
  }

  complete(code: string, userId: string): boolean {
    const c = this.current;
    if (!c || c.expiresAt < this.now() || c.code !== code.trim().toUpperCase()) return false;
    this.current = null;
    this.onPaired(userId);
    return true;
  }
}
