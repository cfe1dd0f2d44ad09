import type { FixPlace } from '../../../../electron/contract/schemas.js';

/**
 * Where the button beside a failure goes: the place its fix is made. A link (an address in the app), so it opens
 * like any other link and Back returns to the feed.
 */
export function fixLink(
  place: FixPlace | null,
  about: { subscriptionId?: string | null; target?: string | null },
): { href: string; label: string } | null {
  switch (place) {
    case 'slack':
      return { href: '#/setup/slack', label: 'Fix in Setup → Slack' };
    case 'subscription':
      if (about.subscriptionId)
        return {
          href: `#/subscriptions?edit=${encodeURIComponent(about.subscriptionId)}`,
          label: 'Edit the subscription',
        };
      return {
        href: about.target ? `#/subscriptions?q=${encodeURIComponent(about.target)}` : '#/subscriptions',
        label: 'Open its subscriptions',
      };
    case 'diagnostics':
      return { href: '#/diagnostics', label: 'Open Diagnostics' };
    case null:
      return null;
  }
}
