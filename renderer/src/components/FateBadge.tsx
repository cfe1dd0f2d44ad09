import { FEED_FATES, type FeedFate } from '../../../electron/contract/vocabulary/feed-fates.js';
import { Icon, type IconName } from './Icon.js';

const FATES: Record<FeedFate, { label: string; icon: IconName; tone: 'ok' | 'muted' | 'info' | 'warn' | 'error' }> = {
  delivered: { label: 'Delivered', icon: 'check', tone: 'ok' },
  filtered: { label: 'Filtered', icon: 'x', tone: 'muted' },
  queued: { label: 'Queued', icon: 'clock', tone: 'info' },
  retrying: { label: 'Retrying', icon: 'retry', tone: 'warn' },
  failed: { label: 'Failed', icon: 'alert', tone: 'error' },
  paused: { label: 'Paused', icon: 'pause', tone: 'muted' },
  dropped: { label: 'Dropped', icon: 'x', tone: 'muted' },
  held: { label: 'Held', icon: 'clock', tone: 'muted' },
  notice: { label: 'Notice', icon: 'info', tone: 'info' },
};

export const FATE_NAMES: readonly FeedFate[] = FEED_FATES;

export function fateIcon(fate: FeedFate): IconName {
  return FATES[fate].icon;
}

export function fateLabel(fate: FeedFate): string {
  return FATES[fate].label;
}

export function FateBadge({ fate }: { fate: FeedFate }) {
  const meta = FATES[fate];
  return (
    <span className={`badge badge-${meta.tone}`}>
      <Icon name={meta.icon} />
      {meta.label}
    </span>
  );
}
