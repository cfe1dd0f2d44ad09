import { Notification } from 'electron';
import type { FeedItem, PersonalNoticeDto } from '../../contract/schemas.js';
import type { NotificationPlanner, NotificationPrefs } from './notification-planner.js';

/** Shows the planner's notifications natively; a click opens the item (or the feed). */
export function showFeedNotification(
  planner: NotificationPlanner,
  item: FeedItem,
  prefs: NotificationPrefs,
  onClick: (url: string | null) => void,
): void {
  if (!Notification.isSupported()) return;
  const plan = planner.plan(item, prefs);
  if (!plan) return;
  const notification = new Notification({ title: plan.title, body: plan.body, silent: false });
  notification.on('click', () => onClick(plan.url));
  notification.show();
}

/** The owner's personal notification (review requested, mentioned …) as a native notification. */
export function showPersonalNotification(
  planner: NotificationPlanner,
  notice: PersonalNoticeDto,
  enabled: boolean,
  onClick: (url: string | null) => void,
): void {
  if (!Notification.isSupported()) return;
  const plan = planner.planPersonal(notice, enabled);
  if (!plan) return;
  const notification = new Notification({ title: plan.title, body: plan.body, silent: false });
  notification.on('click', () => onClick(plan.url));
  notification.show();
}
