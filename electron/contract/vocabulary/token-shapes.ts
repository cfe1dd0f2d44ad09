import { FORGE_LABELS, type ForgeKind } from './forges.js';

/**
 * Instant checks of a forge token's shape, before anything is sent: the most common mistakes are a token of another
 * forge in the field (a `glpat-` token under GitHub) and a token of the right forge but the wrong kind (a GitLab runner
 * token, a GitHub app's installation token). Prefixes as the forges document them; tokens without a prefix (GitHub's
 * and GitLab's older ones, Gitea's, OAuth access tokens) are left to the forge to judge. Shared by the UI (as you type)
 * and the engine (accounts.verify answers without a network call).
 */

const GITHUB = /^(ghp_|github_pat_|gho_|ghu_|ghs_|ghr_)/;
const GITLAB_PERSONAL = /^glpat-/;
/** GitLab token kinds that cannot read the API as a user (docs.gitlab.com, "Token prefixes"). */
const GITLAB_OTHER: Record<string, string> = {
  'gldt-': 'a deploy token',
  'glrt-': 'a runner authentication token',
  'glrtr-': 'a runner registration token',
  'glptt-': 'a pipeline trigger token',
  'glcbt-': 'a CI/CD job token',
  'glimt-': 'an incoming mail token',
  'glft-': 'a feed token',
  'glagent-': 'an agent for Kubernetes token',
  'gloas-': 'an OAuth application secret',
  'glsoat-': 'a SCIM token',
  'glffct-': 'a feature flags client token',
};

export function forgeTokenShapeProblem(forge: ForgeKind, raw: string): string | null {
  const token = raw.trim();
  if (!token) return null;
  if (/\s/.test(token)) return 'The pasted value contains spaces or line breaks; copy the token again.';
  const gitlabOther = Object.keys(GITLAB_OTHER).find((prefix) => token.startsWith(prefix));
  const isGitHub = GITHUB.test(token);
  const isGitLab = GITLAB_PERSONAL.test(token) || gitlabOther !== undefined;
  const isSlack = /^(xox[a-z]-|xapp-)/.test(token);
  if (isSlack) return 'This is a Slack token. Paste it in Setup → Slack; this field needs a forge access token.';
  switch (forge) {
    case 'github':
      if (isGitLab)
        return `This is a GitLab token (${token.slice(0, token.indexOf('-') + 1)}…). Choose a GitLab preset above, or paste a GitHub token (ghp_… or github_pat_…).`;
      if (token.startsWith('ghs_'))
        return 'This is a GitHub App installation token (ghs_…), which expires within an hour. Use a personal access token (ghp_… or github_pat_…).';
      if (token.startsWith('ghr_'))
        return 'This is a GitHub refresh token (ghr_…), not an access token. Use a personal access token (ghp_… or github_pat_…).';
      return null;
    case 'gitlab':
      if (isGitHub)
        return `This is a GitHub token (${GITHUB.exec(token)?.[1] ?? ''}…). Choose a GitHub preset above, or paste a GitLab token (glpat-…).`;
      if (gitlabOther)
        return `This is ${GITLAB_OTHER[gitlabOther]} (${gitlabOther}…), which cannot read the API as you. Create a personal, project or group access token (glpat-…) with read_api.`;
      return null;
    case 'gitea':
      if (isGitHub || isGitLab)
        return `This is a ${isGitHub ? 'GitHub' : 'GitLab'} token. ${FORGE_LABELS.gitea} access tokens are 40 letters and digits with no prefix (Settings → Applications → Generate Token).`;
      return null;
  }
}
