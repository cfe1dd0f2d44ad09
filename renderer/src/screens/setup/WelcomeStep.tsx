import { Icon } from '../../components/Icon.js';
import { WizardNav } from './WizardNav.js';

export function WelcomeStep({ next, host }: { next: () => void; host: 'desktop' | 'browser' }) {
  return (
    <div className="wizard-step">
      <h2>Welcome to Forgebell</h2>
      <p className="lead">
        Forgebell watches your GitHub and GitLab repositories and posts what happens — pushes, issues, pull and merge
        requests, pipelines, releases — to the Slack channels you choose.
      </p>
      <ul className="feature-list">
        <li>
          <Icon name="check" />
          <span>
            <strong>No inbound port.</strong> Forgebell only makes outbound connections: it polls your forges and talks
            to Slack over Socket Mode. Nothing on the internet needs to reach this{' '}
            {host === 'desktop' ? 'computer' : 'server'}, so it works behind firewalls and with GitHub Enterprise or
            GitLab on a private network.
          </span>
        </li>
        <li>
          <Icon name="check" />
          <span>
            <strong>Your tokens stay here.</strong> They are encrypted on disk and never shown again, not even in this
            window.
          </span>
        </li>
        <li>
          <Icon name="check" />
          <span>
            <strong>About five minutes.</strong> You need a Slack workspace where you may add apps and a personal access
            token for your forge. Each step is checked as you go, and you can come back to any step later.
          </span>
        </li>
      </ul>
      <WizardNav>
        <button type="button" className="btn btn-primary" onClick={next}>
          Start
          <Icon name="chevronRight" />
        </button>
      </WizardNav>
    </div>
  );
}
