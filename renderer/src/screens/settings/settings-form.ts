import type { Params } from '../../../../electron/contract/api.js';
import type { RedactedSettings } from '../../../../electron/contract/schemas.js';

export interface SettingsForm {
  pollIntervalSeconds: string;
  retentionDays: string;
  proxyMode: 'system' | 'manual' | 'none';
  proxyUrl: string;
  /** Drop the stored proxy password (the UI never sees it; a URL without one keeps it). */
  proxyForgetPassword: boolean;
  /** Hosts that skip the manual proxy, NO_PROXY style. */
  noProxy: string;
  notifications: boolean;
  launchAtLogin: boolean;
}

export function settingsToForm(s: RedactedSettings): SettingsForm {
  return {
    pollIntervalSeconds: String(s.pollIntervalSeconds),
    retentionDays: String(s.retentionDays),
    proxyMode: s.proxy.mode,
    proxyUrl: s.proxy.url ?? '',
    proxyForgetPassword: false,
    noProxy: s.proxy.noProxy ?? '',
    notifications: s.desktop.notifications,
    launchAtLogin: s.desktop.launchAtLogin,
  };
}

export function validateSettings(form: SettingsForm): {
  pollIntervalSeconds?: string;
  retentionDays?: string;
  proxyUrl?: string;
} {
  const errors: { pollIntervalSeconds?: string; retentionDays?: string; proxyUrl?: string } = {};
  const poll = Number(form.pollIntervalSeconds);
  if (!/^\d+$/.test(form.pollIntervalSeconds.trim()) || !Number.isInteger(poll) || poll < 1)
    errors.pollIntervalSeconds = 'A whole number of seconds, 1 or more.';
  const days = Number(form.retentionDays);
  if (!/^\d+$/.test(form.retentionDays.trim()) || !Number.isInteger(days) || days < 1)
    errors.retentionDays = 'A whole number of days, 1 or more.';
  if (form.proxyMode === 'manual') {
    const url = form.proxyUrl.trim();
    if (!url) errors.proxyUrl = 'Enter the proxy URL, for example http://proxy.example.com:3128.';
    else if (!/^https?:\/\/[^\s/]+/i.test(url))
      errors.proxyUrl = 'Must start with http:// or https:// and name a host.';
    else {
      try {
        new URL(url);
      } catch {
        errors.proxyUrl = 'This is not a valid URL.';
      }
    }
  }
  return errors;
}

/**
 * The proxy the form describes, as the engine takes it. The bypass list belongs to the manual proxy: other modes keep
 * the stored one untouched (`kept`), so switching away and back does not lose it.
 */
export function proxyDraft(
  form: SettingsForm,
  kept: string | null,
): { mode: SettingsForm['proxyMode']; url: string | null; noProxy: string | null } {
  if (form.proxyMode !== 'manual') return { mode: form.proxyMode, url: null, noProxy: kept };
  const list = form.noProxy
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');
  return { mode: 'manual', url: form.proxyUrl.trim(), noProxy: list || null };
}

/** Only what changed, so a desktop-only field (notifications, launch at login) is never sent from `serve`. */
export function settingsPatch(
  before: RedactedSettings,
  form: SettingsForm,
  desktop: boolean,
): Params<'settings.update'> {
  const patch: Params<'settings.update'> = {};
  const poll = Number(form.pollIntervalSeconds);
  if (poll !== before.pollIntervalSeconds) patch.pollIntervalSeconds = poll;
  const days = Number(form.retentionDays);
  if (days !== before.retentionDays) patch.retentionDays = days;
  const { url: proxyUrl, noProxy } = proxyDraft(form, before.proxy.noProxy);
  const forget = form.proxyMode === 'manual' && before.proxy.passwordSet && form.proxyForgetPassword;
  if (
    form.proxyMode !== before.proxy.mode ||
    proxyUrl !== before.proxy.url ||
    noProxy !== before.proxy.noProxy ||
    forget
  )
    patch.proxy = { mode: form.proxyMode, url: proxyUrl, noProxy, ...(forget ? { forgetPassword: true } : {}) };
  const desktopPatch: NonNullable<Params<'settings.update'>['desktop']> = {};
  if (desktop && form.notifications !== before.desktop.notifications) desktopPatch.notifications = form.notifications;
  if (desktop && form.launchAtLogin !== before.desktop.launchAtLogin) desktopPatch.launchAtLogin = form.launchAtLogin;
  if (Object.keys(desktopPatch).length > 0) patch.desktop = desktopPatch;
  return patch;
}

const FIELD_NAMES: Record<string, string> = {
  pollIntervalSeconds: 'the poll interval',
  retentionDays: 'how long history is kept',
  proxy: 'the proxy',
  desktop: 'the desktop options',
};

/** What leaving now would lose, in words, or null when nothing is unsaved: "Your change to the proxy is not saved." */
export function unsavedMessage(patch: Params<'settings.update'>): string | null {
  const names = Object.keys(patch).map((key) => FIELD_NAMES[key] ?? key);
  if (names.length === 0) return null;
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  return `Your ${names.length === 1 ? 'change' : 'changes'} to ${list} ${names.length === 1 ? 'is' : 'are'} not saved. Leave and lose ${names.length === 1 ? 'it' : 'them'}, or stay and press Save changes.`;
}
