import { z } from 'zod';
import { ForgeError } from '../forge-error.js';
import type { ForgePeople } from '../forge-people.js';
import type { GiteaClient } from './client.js';
import { repositorySchema, userSchema } from './schemas.js';

const searchSchema = z.object({ data: z.array(z.unknown()).nullish() });
const permissionSchema = z.object({ permission: z.string().nullish() });

/**
 * ForgePeople over Gitea/Forgejo API v1: a public repository is readable by everyone; a private one is asked with
 * `GET /collaborators/{login}/permission` (team and organisation access included), which Gitea answers only to
 * repository admins — otherwise the answer is unknown (no mention DM from that private repository). User search
 * (`/users/search`) and `/users/{login}` for the login picker and the login check.
 */
export function giteaPeople(client: GiteaClient, repoPathOf: (repo: string) => string): ForgePeople {
  return {
    async canRead(repo, login) {
      const found = await client.get(repoPathOf(repo), repositorySchema);
      if (found.private !== true) return true;
      try {
        const answer = await client.get(
          `${repoPathOf(repo)}/collaborators/${encodeURIComponent(login)}/permission`,
          permissionSchema,
        );
        return !['', 'none'].includes((answer.permission ?? '').toLowerCase());
      } catch (error) {
        if (error instanceof ForgeError && error.code === 'not_found') return false;
        if (error instanceof ForgeError && (error.code === 'forbidden' || error.code === 'missing_scope')) return null;
        throw error;
      }
    },
    async searchUsers(query) {
      const q = query.trim();
      if (q.length < 2) return [];
      const answer = await client.get('/users/search', searchSchema, { query: { q, limit: 10 } });
      return client
        .validItems(userSchema, answer.data ?? [], '/users/search')
        .map((u) => ({ login: u.login, name: u.full_name || null }));
    },
    async userExists(login) {
      try {
        await client.get(`/users/${encodeURIComponent(login)}`, userSchema);
        return true;
      } catch (error) {
        if (error instanceof ForgeError && error.code === 'not_found') return false;
        throw error;
      }
    },
  };
}
