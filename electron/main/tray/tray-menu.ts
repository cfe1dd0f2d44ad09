import type { MenuItemConstructorOptions } from 'electron';
import { escapeMenuLabel } from './label-text.js';
import type { TrayItem } from './tray-model.js';

/**
 * Turns the tray model into an Electron menu template. Pure (only Electron's types), so the
 * mapping is tested under Node. `onClick` receives the item id; tray.ts runs the action.
 */
export function toMenuTemplate(
  items: readonly TrayItem[],
  onClick: (id: string) => void,
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const label = (text: string): string => (platform === 'darwin' ? text : escapeMenuLabel(text));
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { id: item.id, type: 'separator' };
      case 'label':
        return { id: item.id, label: label(item.label), enabled: false };
      case 'action':
        return { id: item.id, label: label(item.label), enabled: item.enabled, click: () => onClick(item.id) };
      case 'checkbox':
        return {
          id: item.id,
          type: 'checkbox',
          label: label(item.label),
          checked: item.checked,
          enabled: item.enabled,
          click: () => onClick(item.id),
        };
      case 'submenu':
        return { id: item.id, label: label(item.label), submenu: toMenuTemplate(item.items, onClick, platform) };
    }
  });
}
