import type { Params } from '../../../../electron/contract/api.js';
import type { RedactedSettings } from '../../../../electron/contract/schemas.js';

export interface SettingsForm {
  pollIntervalSeconds: string;
  retentionDays: string;
  proxyMode: 'system' | 'manual' | 'none';
  proxyUrl: string;
  /** Drop the stored proxy password (the UI never sees it; a URL without one keeps it). */
  proxyForgetPassword: boolean;
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

/** Only what changed, so a desktop-only field is never sent from `serve`. */
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
  const proxyUrl = form.proxyMode === 'manual' ? form.proxyUrl.trim() : null;
  const forget = form.proxyMode === 'manual' && before.proxy.passwordSet && form.proxyForgetPassword;
  if (form.proxyMode !== before.proxy.mode || proxyUrl !== before.proxy.url || forget)
    patch.proxy = { mode: form.proxyMode, url: proxyUrl, ...(forget ? { forgetPassword: true } : {}) };
  const desktopPatch: NonNullable<Params<'settings.update'>['desktop']> = {};
  if (form.notifications !== before.desktop.notifications) desktopPatch.notifications = form.notifications;
  if (desktop && form.launchAtLogin !== before.desktop.launchAtLogin) desktopPatch.launchAtLogin = form.launchAtLogin;
  if (Object.keys(desktopPatch).length > 0) patch.desktop = desktopPatch;
  return patch;
}
