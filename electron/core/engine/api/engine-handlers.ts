import type { ApiHandlers } from '../../../contract/api.js';
import type { DoctorCheck, LogLineDto, Status } from '../../../contract/schemas.js';

export interface EngineHandlersPort {
  status(): Status;
  pollNow(): void;
  pause(until: string | null, mode: 'hold' | 'drop'): void;
  /** Ends a pause (held events go out as digests); throws when that cannot be written. */
  resume(): void;
  recentLogs(): LogLineDto[];
  runDoctor(): Promise<DoctorCheck[]>;
}

/** `status.get`, `engine.*`, `logs.recent`, `doctor.run`: the engine as a whole. */
export function engineHandlers(
  port: EngineHandlersPort,
): Pick<
  ApiHandlers,
  'status.get' | 'engine.pollNow' | 'engine.pause' | 'engine.resume' | 'logs.recent' | 'doctor.run'
> {
  return {
    'status.get': async () => port.status(),
    'engine.pollNow': async () => {
      port.pollNow();
      return { ok: true as const };
    },
    'engine.pause': async ({ until, mode }) => {
      port.pause(until, mode);
      return { ok: true as const };
    },
    'engine.resume': async () => {
      port.resume();
      return { ok: true as const };
    },
    'logs.recent': async () => port.recentLogs(),
    'doctor.run': async () => port.runDoctor(),
  };
}
