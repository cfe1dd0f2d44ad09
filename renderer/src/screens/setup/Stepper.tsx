import { SETUP_STEPS, type SetupStep } from '../../app/route.js';
import { Icon } from '../../components/Icon.js';

export const STEP_LABELS: Record<SetupStep, string> = {
  welcome: 'Welcome',
  slack: 'Slack app',
  forge: 'Forge accounts',
  pair: 'Pair Slack user',
  subscribe: 'First subscription',
};

/** Where you are in the wizard; every step can be opened directly (the wizard is re-enterable at any step). */
export function Stepper({
  current,
  done,
  onGo,
}: {
  current: SetupStep;
  done: Record<SetupStep, boolean>;
  onGo: (step: SetupStep) => void;
}) {
  return (
    <nav aria-label="Setup steps">
      <ol className="stepper">
        {SETUP_STEPS.map((step, i) => (
          <li
            key={step}
            className={`stepper-item${step === current ? ' is-current' : ''}${done[step] ? ' is-done' : ''}`}
          >
            <button
              type="button"
              className="stepper-button"
              aria-current={step === current ? 'step' : undefined}
              onClick={() => onGo(step)}
            >
              <span className="stepper-dot" aria-hidden="true">
                {done[step] && step !== current ? <Icon name="check" /> : i + 1}
              </span>
              <span className="stepper-label">{STEP_LABELS[step]}</span>
              {done[step] ? <span className="visually-hidden"> (done)</span> : null}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
