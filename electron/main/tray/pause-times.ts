/** When the tray's "Pause notifications" choices end. Local time; `now` is injected. */
export const PAUSE_CHOICES = ['1h', 'tomorrow'] as const;
export type PauseChoice = (typeof PAUSE_CHOICES)[number];

/** The hour of the next day at which "until tomorrow" ends (a working morning, like Slack's "until tomorrow"). */
export const TOMORROW_HOUR = 8;

export function pauseUntil(choice: PauseChoice, now: Date): Date {
  if (choice === '1h') return new Date(now.getTime() + 60 * 60 * 1000);
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, TOMORROW_HOUR, 0, 0, 0);
}
