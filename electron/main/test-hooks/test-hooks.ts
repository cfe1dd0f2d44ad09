import { z } from 'zod';
import type { IpcMainLike } from '../ipc/ipc-binding.js';
import { isTrustedSender, type IpcEventLike } from '../security/ipc-sender.js';
import { TEST_HOOK_CHANNEL } from './test-hook-contract.js';
import type { TrayModel } from '../tray/tray-model.js';

const requestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('trayModel') }).strict(),
  z.object({ op: z.literal('clickTrayItem'), id: z.string().min(1) }).strict(),
]);

export type TestHookResponse = { result: unknown } | { error: string };

/**
 * Binds the test-only channel (only call this when testHooksEnabled()). Same sender rule as the
 * contract: only our own window may use it.
 */
export function bindTestHooks(options: {
  ipcMain: IpcMainLike;
  trustedWebContentsId: () => number | null;
  trayModel: () => TrayModel;
  clickTrayItem: (id: string) => Promise<void>;
}): () => void {
  options.ipcMain.handle(
    TEST_HOOK_CHANNEL,
    async (event: IpcEventLike, request: unknown): Promise<TestHookResponse> => {
      if (!isTrustedSender(event, options.trustedWebContentsId()))
        return { error: 'Refused: not the Forgebell window.' };
      const parsed = requestSchema.safeParse(request);
      if (!parsed.success) return { error: 'Malformed test hook request.' };
      if (parsed.data.op === 'trayModel') return { result: options.trayModel() };
      try {
        await options.clickTrayItem(parsed.data.id);
        return { result: { ok: true } };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
  );
  return () => options.ipcMain.removeHandler(TEST_HOOK_CHANNEL);
}
