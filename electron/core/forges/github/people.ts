import { z } from 'zod';
import type { RepoInfo } from '../../events/forge-event.js';
import { ForgeError } from '../forge-error.js';
import type { ForgePeople } from '../forge-people.js';
import type { GitHubClient } from './client.js';
import { repoApiPath } from './web-urls.js';

const permissionSchema = z.object({ permission: z.string() });
const searchSchema = z.object({
  items: z.array(z.object({ login: z.string() })).catch([]),
});
const userSchema = z.object({ login: z.string(), name: z.string().nullish() });

/** ForgePeople over GitHub REST: repository visibility, a collaborator's permission, user search, a user by login. */
export function githubPeople(client: GitHubClient, resolveRepo: (repo: string) => Promise<RepoInfo>): ForgePeople {
  return {
    async canRead(repo, login) {
      const info = await resolveRepo(repo);
      if (info.visibility === 'public' || info.visibility === 'internal') return true;
      try {
        const answer = await client.get(
          `${repoApiPath(info.path)}/collaborators/${encodeURIComponent(login)}/permission`,
          permissionSchema,
          { what: 'collaborator permission' },
        );
        return answer.data ? answer.data.permission !== 'none' : null;
      } catch (error) {
        if (error instanceof ForgeError && error.code === 'not_found') return false;
        // Asking needs push access to the repository: without it the forge cannot say.
        if (error instanceof ForgeError && (error.code === 'forbidden' || error.code === 'missing_scope')) return null;
        throw error;
      }
    },
    async searchUsers(query) {
      const q = query.trim();
      if (q.length < 2) return [];
      const answer = await client.get('/search/users', searchSchema, {
        query: { q: `${q} in:login`, per_page: 10 },
        what: 'user search',
      });
      return (answer.data?.items ?? []).map((u) => ({ login: u.login, name: null }));
    },
    async userExists(login) {
      try {
        const answer = await client.get(`/users/${encodeURIComponent(login)}`, userSchema, { what: 'user' });
        return answer.data !== null;
      } catch (error) {
        if (error instanceof ForgeError && error.code === 'not_found') return false;
        throw error;
      }
    },
  };
}
