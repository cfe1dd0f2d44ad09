import { Icon } from './Icon.js';

/** GitHub or GitLab mark; labelled unless `decorative` (when the text next to it already names the forge). */
export function ForgeIcon({ forge, decorative }: { forge: 'github' | 'gitlab' | null; decorative?: boolean }) {
  const label = decorative
    ? undefined
    : forge === 'github'
      ? 'GitHub'
      : forge === 'gitlab'
        ? 'GitLab'
        : 'Unknown account';
  return <Icon name={forge ?? 'alert'} label={label} className="forge-icon" />;
}
