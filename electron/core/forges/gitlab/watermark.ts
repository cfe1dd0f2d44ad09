import { keepLast, type WatermarkState } from './cursor.js';

/** Re-read this far before the watermark: updated_at of concurrent updates may land slightly out of order. */
const WATERMARK_OVERLAP_MS = 60_000;
const MAX_SEEN = 500;

/**
 * `updated_after` for a watermark-polled endpoint: the later of `since` and (watermark − overlap), one second
 * early because GitLab's filter is strict (`updated_at > value`); `since` itself is applied to each item.
 */
export function updatedAfter(state: WatermarkState, since: number): string {
  const mark = state.watermark ? Date.parse(state.watermark) - WATERMARK_OVERLAP_MS : since;
  return new Date(Math.max(since, mark) - 1000).toISOString();
}

/** Moves the watermark to the newest `updated_at` read and remembers the keys emitted (bounded). */
export function advanceWatermark(state: WatermarkState, updatedAt: string[], newKeys: string[]): WatermarkState {
  const times = [state.watermark, ...updatedAt].filter((t): t is string => t !== null).map((t) => Date.parse(t));
  return {
    watermark: times.length > 0 ? new Date(Math.max(...times)).toISOString() : null,
    seen: keepLast([...state.seen, ...newKeys], MAX_SEEN),
  };
}
