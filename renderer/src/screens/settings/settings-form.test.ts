import { describe, expect, it } from 'vitest';
import type { RedactedSettings } from '../../../../electron/contract/schemas.js';
import { settingsPatch, settingsToForm, unsavedMessage, validateSettings } from './settings-form.js';

const settings: RedactedSettings = {
  pollIntervalSeconds: 60,
  retentionDays: 30,
  slack: {
    botTokenSet: true,
    appTokenSet: false,
    webhookUrlSet: false,
    apiUrl: 'https://slack.com/api/',
    defaultChannel: 'dev',
    username: 'Forgebell',
    iconUrl: null,
    commandUsers: [],
  },
  accounts: [],
  proxy: { mode: 'system', url: null, passwordSet: false, noProxy: null },
  desktop: { notifications: true, theme: 'system', launchAtLogin: false },
};

describe('settings form', () => {
  it('sends nothing when nothing changed', () => {
    expect(settingsPatch(settings, settingsToForm(settings), true)).toEqual({});
  });

  it('sends only changed fields, and never a desktop-only one from serve', () => {
    const form = {
      ...settingsToForm(settings),
      pollIntervalSeconds: '120',
      retentionDays: '7',
      proxyMode: 'manual' as const,
      proxyUrl: ' http://proxy:3128 ',
      launchAtLogin: true,
      notifications: false,
    };
    expect(settingsPatch(settings, form, false)).toEqual({
      pollIntervalSeconds: 120,
      retentionDays: 7,
      proxy: { mode: 'manual', url: 'http://proxy:3128', noProxy: null },
    });
    expect(settingsPatch(settings, form, true).desktop).toEqual({ launchAtLogin: true, notifications: false });
  });

  it('validates the poll interval and the manual proxy URL', () => {
    expect(
      validateSettings({ ...settingsToForm(settings), pollIntervalSeconds: '0' }).pollIntervalSeconds,
    ).toBeDefined();
    expect(
      validateSettings({ ...settingsToForm(settings), pollIntervalSeconds: '1.5' }).pollIntervalSeconds,
    ).toBeDefined();
    expect(validateSettings({ ...settingsToForm(settings), retentionDays: '0' }).retentionDays).toBeDefined();
    expect(
      validateSettings({ ...settingsToForm(settings), proxyMode: 'manual', proxyUrl: 'proxy:3128' }).proxyUrl,
    ).toMatch(/http/);
    expect(
      validateSettings({ ...settingsToForm(settings), proxyMode: 'manual', proxyUrl: 'http://proxy:3128' }),
    ).toEqual({});
  });

  it('keeps a stored proxy password it never saw, unless told to forget it', () => {
    const withPassword: RedactedSettings = {
      ...settings,
      proxy: { mode: 'manual', url: 'http://user@proxy:3128/', passwordSet: true, noProxy: null },
    };
    const form = settingsToForm(withPassword);
    expect(form.proxyUrl).toBe('http://user@proxy:3128/');
    expect(settingsPatch(withPassword, form, true)).toEqual({});
    expect(settingsPatch(withPassword, { ...form, proxyForgetPassword: true }, true)).toEqual({
      proxy: { mode: 'manual', url: 'http://user@proxy:3128/', noProxy: null, forgetPassword: true },
    });
  });

  it('says what leaving would lose, in words', () => {
    expect(unsavedMessage({})).toBeNull();
    expect(unsavedMessage({ pollIntervalSeconds: 30 })).toBe(
      'Your change to the poll interval is not saved. Leave and lose it, or stay and press Save changes.',
    );
    expect(
      unsavedMessage({
        pollIntervalSeconds: 30,
        proxy: { mode: 'none', url: null },
        desktop: { notifications: false },
      }),
    ).toMatch(/^Your changes to the poll interval, the proxy and the desktop options are not saved\./);
  });

  it('sends the bypass list of a manual proxy, tidied, and keeps it when another mode is chosen', () => {
    const manual = { ...settingsToForm(settings), proxyMode: 'manual' as const, proxyUrl: 'http://proxy:3128' };
    expect(settingsPatch(settings, { ...manual, noProxy: ' localhost,  .corp.example 10.0.0.5:8443 ' }, false)).toEqual(
      {
        proxy: { mode: 'manual', url: 'http://proxy:3128', noProxy: 'localhost,.corp.example,10.0.0.5:8443' },
      },
    );
    const stored: RedactedSettings = {
      ...settings,
      proxy: { mode: 'manual', url: 'http://proxy:3128', passwordSet: false, noProxy: 'localhost' },
    };
    expect(settingsPatch(stored, settingsToForm(stored), false)).toEqual({});
    expect(settingsPatch(stored, { ...settingsToForm(stored), proxyMode: 'none' }, false)).toEqual({
      proxy: { mode: 'none', url: null, noProxy: 'localhost' },
    });
  });
});
