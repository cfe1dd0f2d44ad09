import { z } from 'zod/mini';

/**
 * The kinds of forge account (`accounts[].forge`, docs/cli-and-config.md §2) and what each can deliver: shared by the
 * config schema, the contract, the engine's subscription checks and the UI's event picker, so "Gitea has no
 * deployments" is said the same way everywhere. A new forge starts here. No engine import: the renderer reads it too.
 */
export const FORGES = ['github', 'gitlab', 'gitea'] as const;
export type ForgeKind = (typeof FORGES)[number];

export const forgeSchema = z.enum(FORGES);

/** How the UI and messages name each kind. */
export const FORGE_LABELS: Readonly<Record<ForgeKind, string>> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  gitea: 'Gitea/Forgejo',
};

const GITEA_LACKS = 'Gitea and Forgejo have no';

/**
 * Event names a forge cannot produce, with the reason shown to the user. A subscription asking for one is refused
 * (config import, the app, `/forgebell subscribe`) and the UI's event picker disables it with this reason.
 */
const UNAVAILABLE: Readonly<Record<ForgeKind, Readonly<Record<string, string>>>> = {
  github: {},
  gitlab: {},
  gitea: {
    deployments: `${GITEA_LACKS} deployments API.`,
    confidential_issues: `${GITEA_LACKS} confidential issues (private repositories are the way to hide them).`,
    confidential_comments: `${GITEA_LACKS} confidential comments.`,
    discussions: `${GITEA_LACKS} discussions.`,
  },
};

/** Why `event` cannot be subscribed on a `forge` account, or null when it can. */
export function unavailableEventReason(forge: ForgeKind, event: string): string | null {
  return UNAVAILABLE[forge][event] ?? null;
}

/** `names` without the ones `forge` cannot produce (the default event set of a new subscription on that forge). */
export function availableEvents<T extends string>(forge: ForgeKind, names: readonly T[]): T[] {
  return names.filter((name) => unavailableEventReason(forge, name) === null);
}

export function isForgeKind(value: string): value is ForgeKind {
  return (FORGES as readonly string[]).includes(value);
}
