import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { SafeStorageLike } from '../../../electron/main/storage/safe-storage-cipher.js';
import { FakeIpcMain } from './ipc-fakes.js';

/**
 * An in-memory stand-in for the parts of Electron's main-process API the shell uses, so the desktop
 * composition (startDesktop) runs under Node with the real engine. Used only through vi.mock('electron').
 */

/** Electron's safeStorage, really encrypting (AES-256-GCM, a key per fake "machine"). */
export function fakeSafeStorage(
  options: { available?: boolean; backend?: string } = {},
): SafeStorageLike & { available: boolean; backend: string } {
  const key = randomBytes(32);
  return {
    available: options.available ?? true,
    backend: options.backend ?? 'gnome_libsecret',
    isEncryptionAvailable() {
      return this.available;
    },
    getSelectedStorageBackend() {
      return this.backend;
    },
    encryptString(plainText: string) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted: Buffer) {
      if (encrypted.subarray(0, 3).toString() !== 'v11')
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    },
  };
}

export interface FakeMenuItem {
  id?: string;
  label?: string;
  type?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: FakeMenuItem[];
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  url = '';
  destroyed = false;
  readonly sent: { channel: string; payload: unknown }[] = [];
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
}

export function createFakeElectron() {
  const world = {
    userData: '',
    appPath: process.cwd(),
    exitCode: null as number | null,
    quitRequested: 0,
    errorBoxes: [] as { title: string; content: string }[],
    messageBoxes: [] as unknown[],
    loginItem: null as unknown,
    opened: [] as string[],
    windows: [] as FakeBrowserWindow[],
    trays: [] as FakeTray[],
    safeStorage: fakeSafeStorage(),
    ipcMain: new FakeIpcMain(),
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    permissionRequest: null as
      | ((
          wc: unknown,
          permission: string,
          callback: (granted: boolean) => void,
          details: { requestingUrl: string },
        ) => void)
      | null,
  };

  class FakeApp extends EventEmitter {
    dock = undefined;
    getPath(name: string): string {
      if (name !== 'userData') throw new Error(`fake app.getPath(${name})`);
      return world.userData;
    }
    getAppPath(): string {
      return world.appPath;
    }
    getVersion(): string {
      return '0.1.0';
    }
    isPackaged = false;
    exit(code: number): void {
      world.exitCode = code;
    }
    quit(): void {
      world.quitRequested++;
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) this.exit(0);
    }
    setLoginItemSettings(settings: unknown): void {
      world.loginItem = settings;
    }
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    visible = false;
    destroyed = false;
    readonly loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      super();
      world.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    isVisible(): boolean {
      return this.visible;
    }
    isMinimized(): boolean {
      return false;
    }
    isMaximized(): boolean {
      return false;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
    maximize(): void {}
    removeMenu(): void {}
    restore(): void {}
    focus(): void {}
    show(): void {
      this.visible = true;
    }
    hide(): void {
      this.visible = false;
    }
    destroy(): void {
      this.destroyed = true;
    }
    async loadURL(url: string): Promise<void> {
      const sameDocument = this.webContents.url !== '' && this.webContents.url.split('#')[0] === url.split('#')[0];
      this.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: sameDocument, url });
      this.loaded.push(url);
      this.webContents.url = url;
    }
  }

  class FakeTray extends EventEmitter {
    image: unknown = null;
    tooltip = '';
    title = '';
    menu: FakeMenuItem[] = [];
    destroyed = false;
    constructor() {
      super();
      world.trays.push(this);
    }
    setImage(image: unknown): void {
      this.image = image;
    }
    setToolTip(text: string): void {
      this.tooltip = text;
    }
    setTitle(text: string): void {
      this.title = text;
    }
    setContextMenu(menu: FakeMenuItem[]): void {
      this.menu = menu;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    destroy(): void {
      this.destroyed = true;
    }
  }

  const defaultSession = Object.assign(new EventEmitter(), {
    setPermissionRequestHandler: (handler: typeof world.permissionRequest) => void (world.permissionRequest = handler),
    setPermissionCheckHandler: () => undefined,
    setDevicePermissionHandler: () => undefined,
    webRequest: { onHeadersReceived: () => undefined },
    protocol: {
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        void world.protocolHandlers.set(scheme, handler),
    },
  });

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: FakeMenuItem[]) => template },
    nativeImage: {
      createEmpty: () => ({ path: null, setTemplateImage: () => undefined }),
      createFromPath: (path: string) => ({ path, setTemplateImage: () => undefined }),
    },
    Notification: Object.assign(class {}, { isSupported: () => false }),
    dialog: {
      showErrorBox: (title: string, content: string) => void world.errorBoxes.push({ title, content }),
      showMessageBox: async (options: unknown) => {
        world.messageBoxes.push(options);
        return { response: 0, checkboxChecked: false };
      },
      showMessageBoxSync: (options: unknown) => {
        world.messageBoxes.push(options);
        return 0;
      },
    },
    ipcMain: world.ipcMain,
    powerMonitor: new EventEmitter(),
    safeStorage: world.safeStorage,
    session: { defaultSession },
    shell: { openExternal: async (url: string) => void world.opened.push(url) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    globalShortcut: { register: () => true, unregister: () => undefined },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
  };
  return { module, world, FakeBrowserWindow, FakeTray };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
