import type { Cipher } from './cipher.js';
import { emptySettings, type Settings, settingsSchema, WITHHELD } from './settings-model.js';
import type { SettingsStore } from './settings-store.js';

const SECRET_PREFIX = 'enc:';

export class SettingsInvalidError extends Error {
  override readonly name = 'SettingsInvalidError';
}

/** Migrations from older stored versions; version 1 is current. Each step takes the raw document. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

function migrate(doc: Record<string, unknown>): Record<string, unknown> {
  let current = doc;
  let version = typeof current.version === 'number' ? current.version : 1;
  while (MIGRATIONS[version]) {
    current = MIGRATIONS[version]!(current);
    version = current.version as number;
  }
  return current;
}

/**
 * Loads and saves settings through a SettingsStore, encrypting every secret with the Cipher
 * (slack.botToken, slack.appToken, slack.webhookUrl, accounts[].token, people[].tokens.*) before it touches disk.
 */
export class SettingsRepository {
  constructor(
    private readonly store: SettingsStore,
    private readonly cipher: Cipher,
  ) {}

  get path(): string {
    return this.store.path;
  }

  load(): Settings {
    const raw = this.store.read();
    if (raw === null || raw === undefined) return emptySettings();
    if (typeof raw !== 'object') throw new SettingsInvalidError(`${this.store.path} does not hold a settings object.`);
    const doc = migrate(raw as Record<string, unknown>);
    const parsed = settingsSchema.safeParse(this.decryptDocument(doc));
    if (!parsed.success) {
      throw new SettingsInvalidError(
        `${this.store.path} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    return parsed.data;
  }

  /** Settings with every secret replaced by null: for `export`, which must work without the key. */
  loadWithoutSecrets(): Settings {
    const raw = this.store.read();
    if (raw === null || raw === undefined) return emptySettings();
    const doc = structuredClone(migrate(raw as Record<string, unknown>));
    const slack = doc.slack as Record<string, unknown> | undefined;
    if (slack) for (const key of ['botToken', 'appToken', 'webhookUrl']) slack[key] = null;
    if (Array.isArray(doc.accounts))
      doc.accounts = doc.accounts.map((a: Record<string, unknown>) => ({ ...a, token: null }));
    // A person's tokens cannot be opened without the key: which accounts have one is kept (`export` prints each key
    // with null), the value is a placeholder that is no token.
    if (Array.isArray(doc.people))
      doc.people = doc.people.map((p: Record<string, unknown>) => ({
        ...p,
        tokens: this.mapTokens((p.tokens ?? {}) as Record<string, unknown>, () => WITHHELD),
      }));
    const parsed = settingsSchema.safeParse(doc);
    if (!parsed.success)
      throw new SettingsInvalidError(
        `${this.store.path} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    return parsed.data;
  }

  save(settings: Settings): void {
    const doc = structuredClone(settings) as Settings;
    doc.slack.botToken = this.seal(doc.slack.botToken);
    doc.slack.appToken = this.seal(doc.slack.appToken);
    doc.slack.webhookUrl = this.seal(doc.slack.webhookUrl);
    doc.accounts = doc.accounts.map((a) => ({ ...a, token: this.seal(a.token) }));
    doc.people = doc.people.map((p) => ({ ...p, tokens: this.mapTokens(p.tokens, (t) => this.seal(t) ?? '') }));
    this.store.write(doc);
  }

  private mapTokens<T>(tokens: Record<string, unknown>, each: (value: string) => T): Record<string, T> {
    return Object.fromEntries(
      Object.entries(tokens).flatMap(([account, value]) => (typeof value === 'string' ? [[account, each(value)]] : [])),
    );
  }

  private seal(secret: string | null): string | null {
    return secret === null ? null : `${SECRET_PREFIX}${this.cipher.kind}:${this.cipher.encrypt(secret)}`;
  }

  private open(value: unknown): unknown {
    if (typeof value !== 'string' || !value.startsWith(SECRET_PREFIX)) return value === undefined ? null : value;
    const rest = value.slice(SECRET_PREFIX.length);
    const colon = rest.indexOf(':');
    return this.cipher.decrypt(rest.slice(colon + 1));
  }

  private decryptDocument(doc: Record<string, unknown>): Record<string, unknown> {
    const out = structuredClone(doc);
    const slack = out.slack as Record<string, unknown> | undefined;
    if (slack) {
      for (const key of ['botToken', 'appToken', 'webhookUrl']) slack[key] = this.open(slack[key]);
    }
    if (Array.isArray(out.accounts)) {
      out.accounts = out.accounts.map((a: Record<string, unknown>) => ({ ...a, token: this.open(a.token) }));
    }
    if (Array.isArray(out.people)) {
      out.people = out.people.map((p: Record<string, unknown>) => ({
        ...p,
        tokens: this.mapTokens((p.tokens ?? {}) as Record<string, unknown>, (t) => this.open(t)),
      }));
    }
    return out;
  }
}
