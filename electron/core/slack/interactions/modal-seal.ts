import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A modal's `private_metadata` is visible to (and can be forged by) Slack clients: what an action modal carries — who
 * opened it, for what, where to confirm — is sealed with an HMAC under a key that never leaves the engine, so a
 * submission for someone else's modal, or with an edited target, is refused. The key lives as long as the engine: a
 * modal opened before a restart is refused with a request to open it again.
 */
export class ModalSeal {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  seal(payload: Record<string, unknown>): string {
    const body = JSON.stringify(payload);
    return JSON.stringify({ p: body, s: this.mac(body) });
  }

  /** The payload, or null when the metadata was not sealed by this engine (forged, edited or from before a restart). */
  open(metadata: string | undefined): Record<string, unknown> | null {
    try {
      const outer = JSON.parse(metadata ?? '') as { p?: unknown; s?: unknown };
      if (typeof outer.p !== 'string' || typeof outer.s !== 'string') return null;
      const expected = Buffer.from(this.mac(outer.p));
      const given = Buffer.from(outer.s);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      const inner = JSON.parse(outer.p) as unknown;
      return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
