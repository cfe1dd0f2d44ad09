import { join } from 'node:path';
import { Menu, nativeImage, Tray } from 'electron';
import { trayIconFile } from './tray-icons.js';
import { toMenuTemplate } from './tray-menu.js';
import type { TrayModel } from './tray-model.js';

/**
 * Renders a TrayModel with Electron's Tray. All decisions are in buildTrayModel; this only draws.
 * On Windows a left click opens the window (the usual behaviour there); elsewhere it shows the menu.
 */
export class TrayView {
  private readonly tray: Tray;
  private iconFile = '';

  constructor(
    private readonly iconDir: string,
    private readonly onClick: (id: string) => void,
    private readonly onActivate: () => void,
  ) {
    this.tray = new Tray(nativeImage.createEmpty());
    if (process.platform === 'win32') this.tray.on('click', () => this.onActivate());
  }

  render(model: TrayModel): void {
    const file = trayIconFile(model.icon, process.platform);
    if (file !== this.iconFile) {
      const image = nativeImage.createFromPath(join(this.iconDir, file));
      if (process.platform === 'darwin') image.setTemplateImage(true);
      this.tray.setImage(image);
      this.iconFile = file;
    }
    this.tray.setToolTip(model.tooltip);
    if (process.platform === 'darwin') this.tray.setTitle(model.title);
    this.tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(model.items, this.onClick, process.platform)));
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }
}
