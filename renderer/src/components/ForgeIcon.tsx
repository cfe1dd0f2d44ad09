import { FORGE_LABELS, type ForgeKind } from '../../../electron/contract/vocabulary/forges.js';
import { Icon } from './Icon.js';

/** GitHub, GitLab or Gitea/Forgejo mark; labelled unless `decorative` (when the text next to it already names the forge). */
export function ForgeIcon({ forge, decorative }: { forge: ForgeKind | null; decorative?: boolean }) {
  const label = decorative ? undefined : forge ? FORGE_LABELS[forge] : 'Unknown account';
  return <Icon name={forge ?? 'alert'} label={label} className="forge-icon" />;
}
