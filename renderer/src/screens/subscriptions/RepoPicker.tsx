import { useMemo } from 'react';
import type { ForgeKind } from '../../../../electron/contract/vocabulary/forges.js';
import { isRepoPattern } from '../../../../electron/contract/vocabulary/repo-pattern.js';
import { SearchPicker } from '../../components/SearchPicker.js';
import { useRepoSearch } from '../../data/use-repo-search.js';
import { repoOptions } from './repo-options.js';

const REPO_PATH = /^[^\s/]+(\/[^\s/]+)+$/;

/**
 * The repository of a subscription: the account's repositories (searched on the forge as you type), and first the
 * organisations and groups they belong to as a whole ("every repository of octo-org", docs/cli-and-config.md §6).
 * A thousand repositories stay quick: only the rows in view are rendered.
 */
export function RepoPicker({
  account,
  forge,
  query,
  onQuery,
  value,
  onChange,
  error,
}: {
  account: string;
  forge: ForgeKind | null;
  query: string;
  onQuery: (query: string) => void;
  value: string;
  onChange: (repo: string) => void;
  /** A problem with the current choice, shown under the list. */
  error?: string | undefined;
}) {
  const repos = useRepoSearch(account, query);
  const options = useMemo(() => repoOptions(repos.repos, query, forge), [repos.repos, query, forge]);
  const labels = useMemo(() => new Map(options.map((o) => [o.value, o])), [options]);
  const shape = forge === 'gitlab' ? 'group/project, group/* or group/**' : 'owner/name or owner/*';
  return (
    <div className="repo-picker">
      <SearchPicker
        label="Repository"
        hint={
          repos.error
            ? undefined
            : `Repositories ${account || 'the account'} can read, and whole ${forge === 'gitlab' ? 'groups' : 'organisations'}. Type to search, or type ${shape}.`
        }
        query={query}
        onQuery={(typed) => {
          onQuery(typed);
          // A whole path or pattern typed in is the choice, as in a plain field (picking from the list replaces it).
          const path = typed.trim();
          if (path !== value && (REPO_PATH.test(path) || isRepoPattern(path))) onChange(path);
        }}
        invalid={Boolean(error)}
        options={options.map((o) => o.value)}
        value={value}
        onChange={onChange}
        loading={repos.loading}
        error={repos.error}
        notice={repos.notice}
        emptyText={
          query ? `Nothing matches. Type ${shape} to use it anyway.` : 'No repositories found for this account.'
        }
        allowCustom={(q) => REPO_PATH.test(q) || isRepoPattern(q)}
        customHint="not in the list"
        placeholder={`Search or type ${shape}`}
        renderOption={(option) => {
          const o = labels.get(option);
          return o?.pattern ? (
            <>
              <strong>{o.label}</strong> <code className="muted">{o.value}</code>
            </>
          ) : (
            option
          );
        }}
      />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
