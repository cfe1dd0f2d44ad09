import type { ApiHandlers } from '../../contract/api.js';
import { pauseUntil } from './pause-times.js';
import type { AppRoute } from '../window/routes.js';
import { findTrayItem, type TrayModel } from './tray-model.js';

/** What a tray click may touch. Handlers are null while the engine is not running. */
export interface TrayActionDeps {
  handlers: Pick<ApiHandlers, 'subscriptions.setEnabled' | 'engine.pause' | 'engine.resume' | 'engine.pollNow'> | null;
  showRoute(route: AppRoute | null): void;
  setLaunchAtLogin(enabled: boolean): Promise<void>;
  quit(): void;
  now(): Date;
}

export class TrayActionError extends Error {
  override readonly name = 'TrayActionError';
}

const CONNECT_ROUTES: Record<string, AppRoute> = {
  'connect:slack': '/setup/slack',
  'connect:github': '/setup/forge/github',
  'connect:gitlab': '/setup/forge/gitlab',
  'connect:gitea': '/setup/forge/gitea',
};

function requireHandlers(deps: TrayActionDeps): NonNullable<TrayActionDeps['handlers']> {
  if (!deps.handlers) throw new TrayActionError('The engine is not running.');
  return deps.handlers;
}

/**
 * Runs the tray item `id` as it appears in `model` (the menu the user saw). A checkbox flips
 * the state the model showed, so a click from the test hook and a native click behave the same.
 */
export async function runTrayAction(model: TrayModel, id: string, deps: TrayActionDeps): Promise<void> {
  const item = findTrayItem(model.items, id);
  if (!item || (item.kind !== 'action' && item.kind !== 'checkbox')) throw new TrayActionError(`No tray item "${id}".`);
  if (!item.enabled) throw new TrayActionError(`Tray item "${id}" is disabled.`);
  if (item.kind === 'checkbox') {
    const next = !item.checked;
    if (item.id === 'launch-at-login') return deps.setLaunchAtLogin(next);
    if (item.id.startsWith('sub:')) {
      await requireHandlers(deps)['subscriptions.setEnabled']({ id: item.id.slice('sub:'.length), enabled: next });
      return;
    }
    throw new TrayActionError(`Tray item "${id}" has no action.`);
  }
  const connect = CONNECT_ROUTES[item.id];
  if (connect) return deps.showRoute(connect);
  switch (item.id) {
    case 'open':
      return deps.showRoute(null);
    case 'feed':
      return deps.showRoute('/feed');
    case 'for-you':
      return deps.showRoute('/feed?for=me');
    case 'subscriptions:add':
      return deps.showRoute('/subscriptions');
    case 'pause:1h':
    case 'pause:tomorrow': {
      const until = pauseUntil(item.id === 'pause:1h' ? '1h' : 'tomorrow', deps.now());
      await requireHandlers(deps)['engine.pause']({ until: until.toISOString(), mode: 'hold' });
      return;
    }
    case 'resume':
      await requireHandlers(deps)['engine.resume']({});
      return;
    case 'poll':
      await requireHandlers(deps)['engine.pollNow']({});
      return;
    case 'quit':
      return deps.quit();
    default:
      throw new TrayActionError(`Tray item "${id}" has no action.`);
  }
}
