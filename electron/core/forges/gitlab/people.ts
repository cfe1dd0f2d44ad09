import { z } from 'zod';
import { ForgeError } from '../forge-error.js';
import type { ForgePeople } from '../forge-people.js';
import type { GitLabClient } from './client.js';

const userRow = z.object({ id: z.number(), username: z.string(), name: z.string().nullish() });
const projectVisibility = z.object({ id: z.number(), visibility: z.string().nullish() });

/**
 * ForgePeople over GitLab REST: a project's visibility (public and internal are readable by every signed-in user), a
 * user's membership of a private one (`/projects/:id/members/all/:user_id`, inherited members included), user search.
 */
export function gitlabPeople(client: GitLabClient, projectPath: (repo: string) => string): ForgePeople {
  const userId = async (login: string): Promise<number | null> => {
    const rows = await client.list('/users', userRow, { query: { username: login }, maxPages: 1 });
    return rows.items[0]?.id ?? null;
  };
  return {
    async canRead(repo, login) {
      const project = await client.get(projectPath(repo), projectVisibility);
      if (project.visibility === 'public' || project.visibility === 'internal') return true;
      const id = await userId(login);
      if (id === null) return false;
      try {
        await client.get(`/projects/${project.id}/members/all/${id}`, z.object({ id: z.number() }));
        return true;
      } catch (error) {
        if (error instanceof ForgeError && error.code === 'not_found') return false;
        if (error instanceof ForgeError && error.code === 'forbidden') return null;
        throw error;
      }
    },
    async searchUsers(query) {
      const q = query.trim();
      if (q.length < 2) return [];
      const rows = await client.list('/users', userRow, { query: { search: q, per_page: 10 }, maxPages: 1 });
      return rows.items.map((u) => ({ login: u.username, name: u.name ?? null }));
    },
    userExists: async (login) => (await userId(login)) !== null,
  };
}
