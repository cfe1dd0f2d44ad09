/**
 * Where settings live: electron-store in the app (electron/main), `conf` in `serve` (conf-store.ts).
 * Both are the same JSON document; secrets inside it are already ciphertext.
 */
export interface SettingsStore {
  /** The stored document, or null when nothing has been saved yet. */
  read(): unknown;
  write(document: unknown): void;
  /** Path of the file, for messages. */
  readonly path: string;
}
