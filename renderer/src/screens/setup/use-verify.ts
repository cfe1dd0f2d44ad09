import { useEffect, useRef, useState } from 'react';
import type { VerifyResult } from '../../../../electron/contract/schemas.js';

export type VerifyState =
  { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; result: VerifyResult } | { kind: 'error'; error: unknown };

/**
 * Live verification: runs `run` `delayMs` after `key` stops changing (key = the inputs; null = nothing to check).
 * Answers for older inputs are ignored, so the result always belongs to what is in the fields.
 */
export function useVerify(
  key: string | null,
  run: () => Promise<VerifyResult>,
  delayMs = 400,
): { state: VerifyState; recheck(): void } {
  const [state, setState] = useState<VerifyState>({ kind: 'idle' });
  const [nonce, setNonce] = useState(0);
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (key === null) {
      setState({ kind: 'idle' });
      return;
    }
    let current = true;
    setState({ kind: 'checking' });
    const handle = setTimeout(() => {
      runRef.current().then(
        (result) => current && setState({ kind: 'done', result }),
        (error: unknown) => current && setState({ kind: 'error', error }),
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(handle);
    };
  }, [key, nonce, delayMs]);

  return { state, recheck: () => setNonce((n) => n + 1) };
}
