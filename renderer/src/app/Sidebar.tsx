import { Icon, type IconName } from '../components/Icon.js';
import type { Route, Screen } from './route.js';
import { useStatus } from './status-context.js';

const NAV: { screen: Screen; label: string; icon: IconName }[] = [
  { screen: 'setup', label: 'Setup', icon: 'setup' },
  { screen: 'subscriptions', label: 'Subscriptions', icon: 'list' },
  { screen: 'people', label: 'People', icon: 'user' },
  { screen: 'digests', label: 'Digests', icon: 'clock' },
  { screen: 'feed', label: 'Live feed', icon: 'feed' },
  { screen: 'diagnostics', label: 'Diagnostics', icon: 'diagnostics' },
  { screen: 'settings', label: 'Settings', icon: 'settings' },
];

export function Sidebar({
  current,
  navigate,
  host,
}: {
  current: Screen | null;
  navigate: (route: Route) => void;
  host: 'desktop' | 'browser';
}) {
  const { status } = useStatus();
  const problems = status
    ? Boolean(status.slack.error) ||
      status.slack.socket === 'failed' ||
      status.accounts.some((a) => a.state === 'error') ||
      (status.unreadableSecrets?.length ?? 0) > 0 ||
      (status.processFaults?.total ?? 0) > 0
    : false;
  const badge = (screen: Screen) => {
    if (!status) return null;
    if (screen === 'feed' && status.unread > 0)
      return (
        <span className="nav-badge">
          {status.unread > 999 ? '999+' : status.unread}
          <span className="visually-hidden"> unread</span>
        </span>
      );
    if (screen === 'subscriptions' && status.subscriptions.total > 0)
      return (
        <span className="nav-count">
          {status.subscriptions.total}
          <span className="visually-hidden"> subscriptions</span>
        </span>
      );
    if (screen === 'people' && (status.people?.problems ?? 0) > 0)
      return (
        <span className="nav-alert">
          <Icon name="alert" />
          <span className="visually-hidden"> ({status.people?.problems} with a problem)</span>
        </span>
      );
    if (screen === 'diagnostics' && problems)
      return (
        <span className="nav-alert">
          <Icon name="alert" />
          <span className="visually-hidden"> (problems found)</span>
        </span>
      );
    return null;
  };
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <Icon name="bell" className="brand-logo" />
        <span>Forgebell</span>
      </div>
      <ul className="nav-list">
        {NAV.map((item) => (
          <li key={item.screen}>
            <a
              href={item.screen === 'setup' ? '#/setup/welcome' : `#/${item.screen}`}
              className="nav-item"
              aria-current={current === item.screen ? 'page' : undefined}
              title={item.label}
              onClick={(e) => {
                e.preventDefault();
                navigate({ screen: item.screen, step: 'welcome' });
              }}
            >
              <Icon name={item.icon} />
              <span className="nav-label">{item.label}</span>
              {badge(item.screen)}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot">
        {status ? `Forgebell ${status.version}` : 'Forgebell'}
        <br />
        {host === 'desktop' ? 'Desktop app' : 'forgebell serve'}
      </div>
    </nav>
  );
}
