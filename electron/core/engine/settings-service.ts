import type { HealthReporter } from './engine-health.js';
import { diffSettings, type SettingsDiff } from '../settings/settings-diff.js';
import { proxyPassword } from '../settings/proxy-settings.js';
import type { Settings } from '../settings/settings-model.js';
import { type ForgottenSecret, forgetMovedSecrets, type SecretRef } from '../settings/secret-origins.js';

export interface SettingsChangeOptions {
  /** Secrets this change brings (typed in the app, given in a file): kept even when their API URL moved. */
  fresh?: readonly SecretRef[];
}

export interface SettingsUpdate {
  settings: Settings;
  diff: SettingsDiff;
  /** Stored secrets dropped because their API URL moved to another host. */
  forgotten: ForgottenSecret[];
}

/** The port every collaborator that reads or changes settings gets. */
export interface SettingsAccess {
  /** The settings now (secrets in clear; never leaves the engine). Treat as read-only. */
  current(): Settings;
  /**
   * Applies a change (the mutator gets a copy), saves it with secrets encrypted, then lets the engine reconfigure
   * what the before/after diff says changed. Throws (and changes nothing) when saving fails.
   */
  update(mutate: (s: Settings) => Settings, options?: SettingsChangeOptions): Promise<SettingsUpdate>;
}

export interface SettingsServiceDeps {
  /** `needsReseal`: the stored secrets are in an older format; they are sealed again once, at load. */
  repo: { load(): Settings; save(settings: Settings): void; needsReseal?(): boolean };
  /** Every secret is registered for redaction before anything can log it. */
  redact: (secret: string | null) => void;
  /** A failed save (full disk…) shows as an engine problem until a save works again. */
  health?: HealthReporter;
  /** Reconfigures what changed; runs after the change is saved. */
  onChanged: (update: SettingsUpdate) => Promise<void>;
}

/** Owns the settings: one place that loads, guards (secret origins), saves and announces changes. */
export class SettingsService implements SettingsAccess {
  private settings: Settings;

  constructor(private readonly deps: SettingsServiceDeps) {
    this.settings = deps.repo.load();
    this.registerSecrets(this.settings);
    if (deps.repo.needsReseal?.()) {
      try {
        deps.repo.save(this.settings);
      } catch (error) {
        // Still readable as they are; the next save that works seals them again.
        deps.health?.report('settings', error);
      }
    }
  }

  current(): Settings {
    return this.settings;
  }

  async update(mutate: (s: Settings) => Settings, options: SettingsChangeOptions = {}): Promise<SettingsUpdate> {
    const before = this.settings;
    const { settings, forgotten } = forgetMovedSecrets(before, mutate(structuredClone(before)), options.fresh ?? []);
    this.registerSecrets(settings);
    try {
      this.deps.repo.save(settings);
    } catch (error) {
      this.deps.health?.report('settings', error);
      throw error;
    }
    this.deps.health?.clear('settings');
    this.settings = settings;
    const update = { settings, diff: diffSettings(before, settings), forgotten };
    await this.deps.onChanged(update);
    return update;
  }

  private registerSecrets(s: Settings): void {
    this.deps.redact(s.slack.botToken);
    this.deps.redact(s.slack.appToken);
    this.deps.redact(s.slack.webhookUrl);
    for (const a of s.accounts) this.deps.redact(a.token);
    for (const p of s.people) for (const token of Object.values(p.tokens)) this.deps.redact(token);
    this.deps.redact(s.proxy.url);
    this.deps.redact(proxyPassword(s.proxy.url));
  }
}
