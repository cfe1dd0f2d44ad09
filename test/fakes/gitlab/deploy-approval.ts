import { deploy, updateDeployment } from './ci-actions.js';
import { json, notFound, route, type Route, withProject } from './router.js';
import type { World } from './world.js';
import type { FakeDeployment } from './world-types.js';

/**
 * Protected environments with deployment approvals (GitLab Premium), as GitLab's REST API answers them: a deployment
 * to such an environment is `blocked` until enough approvers approve; `GET /projects/:id/protected_environments/:name`
 * lists the approval rules (by user id); `POST /projects/:id/deployments/:deployment_id/approval` answers a refusal
 * with 400 and a sentence (one's own deployment, not an approver, not waiting), 403 for a Reporter-like token, 404 for
 * a deployment it cannot see. Approved: the deployment runs; rejected: it is canceled.
 */

export function blockDeployment(
  store: World,
  projectRef: string,
  options: { environment: string; approvers: string[]; required?: number; user?: string; ref?: string },
): FakeDeployment {
  const deployment = deploy(store, projectRef, {
    environment: options.environment,
    status: 'blocked',
    ...(options.user ? { user: options.user } : {}),
    ...(options.ref ? { ref: options.ref } : {}),
  });
  for (const approver of options.approvers) store.user(approver);
  deployment.approval = { approvers: options.approvers, required: options.required ?? 1, given: [] };
  return deployment;
}

/** Someone approves or rejects on GitLab's own page. */
export function decideDeployment(
  store: World,
  projectRef: string,
  deploymentId: number,
  status: 'approved' | 'rejected',
  user: string,
): void {
  const project = store.project(projectRef);
  const deployment = project.deployments.find((d) => d.id === deploymentId);
  if (!deployment?.approval) throw new Error(`fake GitLab: deployment ${deploymentId} needs no approval`);
  record(store, projectRef, deployment, status, user);
}

function record(
  store: World,
  projectRef: string,
  deployment: FakeDeployment,
  status: 'approved' | 'rejected',
  user: string,
): void {
  const approval = deployment.approval!;
  approval.given.push({ user, status });
  if (status === 'rejected') updateDeployment(store, projectRef, deployment.id, 'canceled');
  else if (approval.given.filter((g) => g.status === 'approved').length >= approval.required)
    updateDeployment(store, projectRef, deployment.id, 'running');
}

export function deployApprovalRoutes(): Route[] {
  return [
    route('GET', 'projects/:id/protected_environments/:name', (ctx) =>
      withProject(ctx, (project) => {
        const name = ctx.params.name ?? '';
        const withRules = [...project.deployments].reverse().find((d) => d.environment.name === name && d.approval);
        if (!withRules?.approval) return notFound('Protected environment');
        return json({
          name,
          deploy_access_levels: [
            { access_level: 40, access_level_description: 'Maintainers', user_id: null, group_id: null },
          ],
          required_approval_count: 0,
          approval_rules: withRules.approval.approvers.map((username, i) => ({
            id: i + 1,
            user_id: ctx.store.user(username).id,
            group_id: null,
            access_level: null,
            access_level_description: username,
            required_approvals: withRules.approval!.required,
            group_inheritance_type: 0,
          })),
        });
      }),
    ),
    route('POST', 'projects/:id/deployments/:deployment_id/approval', (ctx) =>
      withProject(ctx, (project) => {
        const deployment = project.deployments.find((d) => String(d.id) === ctx.params.deployment_id);
        if (!deployment) return notFound('Deployment');
        if (project.reporters?.has(ctx.user.username)) return json({ message: '403 Forbidden' }, 403);
        const status = ctx.input.status;
        if (status !== 'approved' && status !== 'rejected')
          return json({ error: 'status does not have a valid value' }, 400);
        const approval = deployment.approval;
        if (!approval || deployment.status !== 'blocked')
          return json({ message: 'This deployment job is not waiting for approvals.' }, 400);
        if (deployment.user.id === ctx.user.id)
          return json(
            {
              message:
                'You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.',
            },
            400,
          );
        if (!approval.approvers.includes(ctx.user.username))
          return json(
            {
              message:
                "You don't have permission to approve this deployment. Contact the project or group owner for help.",
            },
            400,
          );
        record(ctx.store, project.path, deployment, status, ctx.user.username);
        return json(
          {
            user: { id: ctx.user.id, username: ctx.user.username, name: ctx.user.name },
            status,
            created_at: ctx.store.iso(),
            comment: typeof ctx.input.comment === 'string' ? ctx.input.comment : null,
          },
          201,
        );
      }),
    ),
  ];
}
