import type { ReactNode } from 'react';
import { Icon } from '../../components/Icon.js';

/** Back on the left; Skip and the main action on the right. */
export function WizardNav({
  onBack,
  onSkip,
  skipLabel = 'Skip for now',
  children,
}: {
  onBack?: () => void;
  onSkip?: () => void;
  skipLabel?: string;
  children?: ReactNode;
}) {
  return (
    <div className="wizard-nav">
      {onBack ? (
        <button type="button" className="btn btn-ghost" onClick={onBack}>
          <Icon name="chevronLeft" />
          Back
        </button>
      ) : null}
      <span className="spacer" />
      {onSkip ? (
        <button type="button" className="btn btn-ghost" onClick={onSkip}>
          {skipLabel}
        </button>
      ) : null}
      {children}
    </div>
  );
}
