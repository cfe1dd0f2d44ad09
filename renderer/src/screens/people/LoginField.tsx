import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { Field } from '../../components/Field.js';

/**
 * A person's login on one account, with the forge's users as suggestions (GitHub's user search, GitLab's
 * `/users?search=`), asked 400 ms after typing stops. Whatever is typed is kept: the list only helps.
 */
export function LoginField({
  account,
  forge,
  value,
  onChange,
  error,
  problem,
}: {
  account: string;
  forge: string;
  value: string;
  onChange: (login: string) => void;
  error?: string | undefined;
  /** The engine's word on the saved login ("No user … on github"). */
  problem?: string | null;
}) {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ login: string; name: string | null }[]>([]);
  const [searchError, setSearchError] = useState<string | null>(null);
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setFound([]);
      return;
    }
    let current = true;
    const handle = setTimeout(() => {
      api
        .call('people.searchLogins', { account, query: q })
        .then((r) => {
          if (!current) return;
          setFound(r.users.filter((u) => u.login.toLowerCase() !== value.trim().toLowerCase()).slice(0, 6));
          setSearchError(r.error);
        })
        .catch(() => current && setSearchError('The search did not answer.'));
    }, 400);
    return () => {
      current = false;
      clearTimeout(handle);
    };
  }, [api, account, query, value]);
  return (
    <Field
      label={`Login on ${account}`}
      optional
      hint={searchError ?? `Their ${forge} user name; start typing to search.`}
      error={error ?? problem ?? null}
    >
      {(control) => (
        <div className="login-field">
          <input
            className="input"
            {...control}
            autoComplete="off"
            spellCheck={false}
            value={value}
            onChange={(e) => {
              onChange(e.target.value);
              setQuery(e.target.value);
            }}
          />
          {found.length > 0 ? (
            <ul className="login-suggestions" aria-label={`Users on ${account}`}>
              {found.map((u) => (
                <li key={u.login}>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => {
                      onChange(u.login);
                      setQuery('');
                    }}
                  >
                    Use {u.login}
                    {u.name ? ` (${u.name})` : ''}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
    </Field>
  );
}
