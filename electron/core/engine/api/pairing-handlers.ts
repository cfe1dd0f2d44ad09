import type { ApiHandlers } from '../../../contract/api.js';
import type { SettingsAccess } from '../settings-service.js';

export interface PairingHandlersPort {
  settings: SettingsAccess;
  pairing: { start(): { code: string; expiresAt: number } };
}

/** `pairing.*`: a one-time code for `/forgebell link`, and who is paired. */
export function pairingHandlers(port: PairingHandlersPort): Pick<ApiHandlers, 'pairing.start' | 'pairing.status'> {
  return {
    'pairing.start': async () => {
      const { code, expiresAt } = port.pairing.start();
      return { code, expiresAt: new Date(expiresAt).toISOString(), command: `/forgebell link ${code}` };
    },
    'pairing.status': async () => ({ paired: port.settings.current().slack.commandUsers }),
  };
}
