import type { UnreadableSecret } from '../../contract/schemas.js';
import { type Cipher, CipherError } from './cipher.js';
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

type Doc = Record<string, unknown>;

/** One secret in the settings document: its field name (also the ciphertext's binding) and where it lives. */
interface SecretSlot {
  field: string;
  get(): unknown;
  set(value: unknown): void;
  /** The host the secret is for (its API URL); a secret kept unopened is only kept while this stays the same. */
  origin: string | null;
  /** A person's token (people[].tokens.<account>): absent rather than null when not set. */
  personToken?: boolean;
}

const asObject = (value: unknown): Doc | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : null;

/** Every secret of a settings document (raw or typed; both have the same shape). */
function secretSlots(doc: Doc): SecretSlot[] {
  const slots: SecretSlot[] = [];
  const slot = (owner: Doc, key: string, field: string, origin: unknown): void =>
    void slots.push({
      field,
      get: () => owner[key],
      set: (value) => void (owner[key] = value),
      origin: typeof origin === 'string' ? origin : null,
    });
  const slack = asObject(doc.slack);
  if (slack) for (const key of ['botToken', 'appToken', 'webhookUrl']) slot(slack, key, `slack.${key}`, slack.apiUrl);
  if (Array.isArray(doc.accounts))
    for (const account of doc.accounts) {
      const a = asObject(account);
      if (a && typeof a.id === 'string') slot(a, 'token', `accounts.${a.id}.token`, a.apiUrl);
    }
  // A person's token per account, bound to `people.<slack id>.tokens.<account id>`; not set means no key at all.
  const accounts = Array.isArray(doc.accounts) ? doc.accounts.map(asObject) : [];
  if (Array.isArray(doc.people))
    for (const person of doc.people) {
      const p = asObject(person);
      if (!p || typeof p.slack !== 'string') continue;
      const tokens = asObject(p.tokens) ?? {};
      p.tokens = tokens;
      const ids = new Set([
        ...Object.keys(tokens),
        ...accounts.flatMap((a) => (typeof a?.id === 'string' ? [a.id] : [])),
      ]);
      for (const id of ids)
        slots.push({
          field: `people.${p.slack}.tokens.${id}`,
          get: () => tokens[id],
          set: (value) => {
            if (value === null || value === undefined) delete tokens[id];
            else tokens[id] = value;
          },
          origin: ((a) => (typeof a?.apiUrl === 'string' ? a.apiUrl : null))(accounts.find((a) => a?.id === id)),
          personToken: true,
        });
    }
  const proxy = asObject(doc.proxy);
  if (proxy) slot(proxy, 'url', 'proxy.url', null);
  return slots;
}

/** What the other shell's ciphertexts are, for a message that says what to do. */
function foreignKindMessage(stored: string, own: string, ciphertext: string): string {
  const safeStorage = stored === 'safeStorage' || /^djE[wx]/.test(ciphertext); // "v10"/"v11" in base64
  if (safeStorage && own !== 'safeStorage')
    return (
      'It was saved by the Forgebell desktop app, sealed with the operating system keychain (safeStorage), which ' +
      'forgebell serve, import and doctor cannot open. Run the desktop app on this data folder instead, or give ' +
      'the command line its own copy: `forgebell import` a config file with the tokens (the desktop app will then ask for them again).'
    );
  if (own === 'safeStorage')
    return (
      `It was saved by forgebell serve or import with the command line's own key (${stored}), which the desktop app ` +
      'cannot open. Enter the token again in Setup (forgebell serve will then need it again too).'
    );
  return `It was sealed with an unknown method (${stored}). Enter the token again.`;
}

interface Unopened extends UnreadableSecret {
  /** The stored value, written back unchanged while nothing replaces it (the right key may come back). */
  stored: string;
  origin: string | null;
}

/**
 * Loads and saves settings through a SettingsStore, encrypting every secret with the Cipher (slack.botToken,
 * slack.appToken, slack.webhookUrl, accounts[].token, people[].tokens.*, proxy.url) before it touches disk, each bound to its field.
 *
 * A secret that cannot be opened (another key, the other shell's keychain, damaged) does not stop anything: it counts
 * as not set, is listed by `unreadable()` with what to do, and its stored value is written back unchanged on save —
 * unless a new value replaces it or its API URL changed — so giving the right key later brings it back.
 */
export class SettingsRepository {
  private unopened = new Map<string, Unopened>();
  private outdated = 0;

  constructor(
    private readonly store: SettingsStore,
    private readonly cipher: Cipher,
  ) {}

  get path(): string {
    return this.store.path;
  }

  load(): Settings {
    const raw = this.store.read();
    this.unopened = new Map();
    this.outdated = 0;
    if (raw === null || raw === undefined) return emptySettings();
    if (typeof raw !== 'object') throw new SettingsInvalidError(`${this.store.path} does not hold a settings object.`);
    const doc = structuredClone(migrate(raw as Doc));
    for (const slot of secretSlots(doc)) slot.set(this.open(slot));
    const parsed = settingsSchema.safeParse(doc);
    if (!parsed.success) {
      throw new SettingsInvalidError(
        `${this.store.path} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    return parsed.data;
  }

  /** The secrets the last load could not open (they count as not set), each with what to do. */
  unreadable(): UnreadableSecret[] {
    return [...this.unopened.values()].map(({ field, message }) => ({ field, message }));
  }

  /** True when the last load met ciphertexts in an older format: saving seals them again. */
  needsReseal(): boolean {
    return this.outdated > 0;
  }

  /** Settings with every secret replaced by null: for `export`, which must work without the key. */
  loadWithoutSecrets(): Settings {
    const raw = this.store.read();
    if (raw === null || raw === undefined) return emptySettings();
    const doc = structuredClone(migrate(raw as Doc));
    // A person's tokens cannot be opened without the key: which accounts have one is kept (`export` prints each key
    // with null), the value is a placeholder that is no token.
    for (const slot of secretSlots(doc)) slot.set(slot.personToken && typeof slot.get() === 'string' ? WITHHELD : null);
    const parsed = settingsSchema.safeParse(doc);
    if (!parsed.success)
      throw new SettingsInvalidError(
        `${this.store.path} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    return parsed.data;
  }

  save(settings: Settings): void {
    const doc = structuredClone(settings) as unknown as Doc;
    const dropped: string[] = [];
    for (const slot of secretSlots(doc)) {
      const value = slot.get();
      const kept = this.unopened.get(slot.field);
      if (typeof value === 'string') {
        slot.set(`${SECRET_PREFIX}${this.cipher.kind}:${this.cipher.encrypt(value, slot.field)}`);
        dropped.push(slot.field);
      } else if (kept && kept.origin === slot.origin) {
        slot.set(kept.stored);
      } else {
        slot.set(null);
        dropped.push(slot.field);
      }
    }
    this.store.write(doc);
    // Only once written: a save that failed (a refused keychain) keeps what could not be opened.
    const present = new Set(secretSlots(doc).map((s) => s.field));
    for (const field of [...this.unopened.keys()])
      if (dropped.includes(field) || !present.has(field)) this.unopened.delete(field);
    this.outdated = 0;
  }

  private open(slot: SecretSlot): unknown {
    const value = slot.get();
    if (typeof value !== 'string' || !value.startsWith(SECRET_PREFIX)) return value === undefined ? null : value;
    const rest = value.slice(SECRET_PREFIX.length);
    const colon = rest.indexOf(':');
    const kind = colon < 0 ? '' : rest.slice(0, colon);
    const ciphertext = rest.slice(colon + 1);
    try {
      if (kind !== this.cipher.kind) throw new CipherError(foreignKindMessage(kind, this.cipher.kind, ciphertext));
      const plaintext = this.cipher.decrypt(ciphertext, slot.field);
      if (this.cipher.outdated?.(ciphertext)) this.outdated++;
      return plaintext;
    } catch (error) {
      if (!(error instanceof CipherError)) throw error;
      this.unopened.set(slot.field, {
        field: slot.field,
        message: `${slot.field} cannot be opened. ${error.message}`,
        stored: value,
        origin: slot.origin,
      });
      return null;
    }
  }
}
