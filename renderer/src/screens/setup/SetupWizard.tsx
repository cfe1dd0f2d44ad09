import { useCallback, useEffect, useRef, useState } from 'react';
import type { ForgeKind } from '../../../../electron/contract/vocabulary/forges.js';
import { useConnection } from '../../api/api-context.js';
import { SETUP_STEPS, type Route, type SetupStep } from '../../app/route.js';
import { useSettings } from '../../app/settings-context.js';
import { useStatus } from '../../app/status-context.js';
import { ForgeStep } from './ForgeStep.js';
import { PairStep } from './PairStep.js';
import { SlackStep } from './SlackStep.js';
import { Stepper } from './Stepper.js';
import { SubscribeStep } from './SubscribeStep.js';
import { WelcomeStep } from './WelcomeStep.js';
import { emptyDraft, withoutSecrets, type WizardDraft } from './wizard-draft.js';

/** Welcome → Slack → forge accounts → pairing → first subscription and a test notification. */
export function SetupWizard({
  step,
  forge,
  navigate,
  kept,
  keep,
}: {
  step: SetupStep;
  forge?: ForgeKind;
  navigate: (route: Route) => void;
  /** What was typed before leaving Setup (without secrets), and where to leave it when going elsewhere. */
  kept?: WizardDraft | null;
  keep?: (draft: WizardDraft) => void;
}) {
  const { host } = useConnection();
  const { settings } = useSettings();
  const { status } = useStatus();
  const [draft, setDraft] = useState<WizardDraft>(() => kept ?? emptyDraft());
  const latest = useRef(draft);
  latest.current = draft;
  useEffect(() => () => keep?.(withoutSecrets(latest.current)), [keep]);
  const go = useCallback((s: SetupStep) => navigate({ screen: 'setup', step: s }), [navigate]);
  // "Connect → GitLab…" in the tray opens #/setup/forge/gitlab: start that account with the right preset.
  useEffect(() => {
    if (forge) setDraft((d) => ({ ...d, forge: { ...d.forge, preset: forge, accountId: null } }));
  }, [forge]);
  const index = SETUP_STEPS.indexOf(step);
  const next = () => go(SETUP_STEPS[Math.min(SETUP_STEPS.length - 1, index + 1)] ?? 'welcome');
  const back = () => go(SETUP_STEPS[Math.max(0, index - 1)] ?? 'welcome');
  const patch =
    <K extends keyof WizardDraft>(key: K) =>
    (p: Partial<WizardDraft[K]>) =>
      setDraft((d) => ({ ...d, [key]: { ...d[key], ...p } }));

  const done: Record<SetupStep, boolean> = {
    welcome: index > 0,
    slack: Boolean(settings && (settings.slack.botTokenSet || settings.slack.webhookUrlSet)),
    forge: Boolean(settings && settings.accounts.length > 0),
    pair: Boolean(settings && settings.slack.commandUsers.length > 0),
    subscribe: Boolean(status && status.subscriptions.total > 0),
  };

  let body;
  switch (step) {
    case 'welcome':
      body = <WelcomeStep next={next} host={host} />;
      break;
    case 'slack':
      body = <SlackStep draft={draft.slack} update={patch('slack')} next={next} back={back} />;
      break;
    case 'forge':
      body = <ForgeStep draft={draft.forge} update={patch('forge')} next={next} back={back} />;
      break;
    case 'pair':
      body = <PairStep next={next} back={back} goToSlack={() => go('slack')} />;
      break;
    case 'subscribe':
      body = (
        <SubscribeStep
          draft={draft.subscribe}
          update={patch('subscribe')}
          back={back}
          goToForge={() => go('forge')}
          openFeed={() => navigate({ screen: 'feed', step: 'welcome' })}
          finish={() => navigate({ screen: 'subscriptions', step: 'welcome' })}
        />
      );
      break;
  }

  return (
    <section className="screen screen-narrow" aria-labelledby="setup-title">
      <header className="screen-header">
        <div>
          <h1 id="setup-title">Set up Forgebell</h1>
          <p className="screen-sub">
            Step {index + 1} of {SETUP_STEPS.length}
          </p>
        </div>
      </header>
      <Stepper current={step} done={done} onGo={go} />
      <div className="wizard-card">{body}</div>
    </section>
  );
}
