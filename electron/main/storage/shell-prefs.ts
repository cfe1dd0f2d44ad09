import { z } from 'zod';
import type { SettingsStore } from '../../core/settings/settings-store.js';
import { windowStateSchema } from '../window/window-state.js';

/**
 * Preferences of the desktop shell that the engine does not know about, in desktop-shell.json
 * beside settings.json: window placement, the user's answer to the weak-keyring warning, the
 * optional global shortcut (off by default) and which subscriptions raise native notifications.
 * Every field falls back to its default on its own, so one bad value never loses the rest.
 */
export const shellPrefsSchema = z.object({
  window: windowStateSchema.nullable().catch(null),
  weakStorageAccepted: z.boolean().catch(false),
  globalShortcut: z.string().min(1).max(64).nullable().catch(null),
  notifySubscriptions: z.union([z.literal('all'), z.array(z.string())]).catch('all'),
});

export type ShellPrefsValue = z.infer<typeof shellPrefsSchema>;

export const DEFAULT_SHELL_PREFS: ShellPrefsValue = {
  window: null,
  weakStorageAccepted: false,
  globalShortcut: null,
  notifySubscriptions: 'all',
};

export class ShellPrefs {
  private value: ShellPrefsValue;

  constructor(private readonly store: SettingsStore) {
    this.value = ShellPrefs.parse(store.read());
  }

  /** Any stored value → complete preferences; what cannot be used falls back to its default. */
  static parse(raw: unknown): ShellPrefsValue {
    if (raw === null || typeof raw !== 'object') return { ...DEFAULT_SHELL_PREFS };
    const parsed = shellPrefsSchema.safeParse(raw);
    return parsed.success ? parsed.data : { ...DEFAULT_SHELL_PREFS };
  }

  get(): ShellPrefsValue {
    return this.value;
  }

  update(patch: Partial<ShellPrefsValue>): ShellPrefsValue {
    this.value = shellPrefsSchema.parse({ ...this.value, ...patch });
    this.store.write(this.value);
    return this.value;
  }
}
