import { useMemo } from 'react';
import { usePeople } from './use-people.js';

/** Slack user ID → the name People knows (real name, else display name): mentions in previews read like Slack's. */
export function useSlackNames(): ReadonlyMap<string, string> {
  const people = usePeople();
  return useMemo(
    () =>
      new Map(
        (people.data?.people ?? []).flatMap((p) => {
          const name = p.realName ?? p.name;
          return name ? [[p.slack, name] as const] : [];
        }),
      ),
    [people.data],
  );
}
