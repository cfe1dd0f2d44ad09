import { describeError } from '../../api/api-error.js';
import { Icon } from '../../components/Icon.js';
import { VerifyResultView } from '../../components/VerifyResultView.js';
import type { VerifyState } from './use-verify.js';

/** What a live check says right now, under the field it checks. */
export function VerifyStatus({
  state,
  shapeProblem,
  checkingText,
}: {
  state: VerifyState;
  shapeProblem?: string | null;
  checkingText: string;
}) {
  if (shapeProblem) {
    return (
      <div className="verify verify-fail" role="status">
        <p className="verify-summary">
          <Icon name="alert" />
          <span>{shapeProblem}</span>
        </p>
      </div>
    );
  }
  switch (state.kind) {
    case 'idle':
      return <div role="status" className="verify-idle" />;
    case 'checking':
      return (
        <div className="verify verify-checking" role="status">
          <p className="verify-summary">
            <Icon name="spinner" className="spin" />
            <span>{checkingText}</span>
          </p>
        </div>
      );
    case 'error':
      return (
        <div className="verify verify-fail" role="status">
          <p className="verify-summary">
            <Icon name="alert" />
            <span>Could not check: {describeError(state.error)}</span>
          </p>
        </div>
      );
    case 'done':
      return <VerifyResultView result={state.result} />;
  }
}
