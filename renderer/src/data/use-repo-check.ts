import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.js';
import { describeError } from '../api/api-error.js';

export type RepoCheck =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'found'; path: string; message: string }
  | { state: 'missing'; message: string };

/** Whether the account can read the repository typed so far (asked 500 ms after typing stops), before saving. */
export function useRepoCheck(account: string, repo: string, enabled: boolean): RepoCheck {
  const api = useApi();
  const [check, setCheck] = useState<RepoCheck>({ state: 'idle' });
  const trimmed = repo.trim();
  useEffect(() => {
    if (!enabled || !account || !trimmed) {
      setCheck({ state: 'idle' });
      return;
    }
    let current = true;
    setCheck({ state: 'checking' });
    const handle = setTimeout(() => {
      api.call('accounts.checkRepo', { account, repo: trimmed }).then(
        (r) => {
          if (!current) return;
          setCheck(
            r.ok && r.path
              ? { state: 'found', path: r.path, message: r.message }
              : { state: 'missing', message: r.message },
          );
        },
        (error: unknown) =>
          current && setCheck({ state: 'missing', message: `Could not check: ${describeError(error)}` }),
      );
    }, 500);
    return () => {
      current = false;
      clearTimeout(handle);
    };
  }, [api, account, trimmed, enabled]);
  return check;
}
