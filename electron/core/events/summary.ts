import type { ForgeEvent } from './forge-event.js';

const NOUN: Record<string, string> = {
  issues: 'issue',
  confidential_issues: 'confidential issue',
  pulls: 'pull request',
  reviews: 'review',
  releases: 'release',
};

/** One plain-text line for the feed and logs: "alice opened issue #12 Fix login". */
export function summarise(event: ForgeEvent): string {
  const d = event.details;
  const num = event.number !== null ? ` #${event.number}` : '';
  const pr = event.forge === 'gitlab' ? 'merge request' : 'pull request';
  switch (event.event) {
    case 'commits': {
      if (d.kind === 'push' && d.refCount) return `${event.actor} pushed to ${d.refCount} branches`;
      const n = d.kind === 'push' ? Math.max(d.totalCommits, d.commits.length) : 0;
      // A new branch pushed without commits of its own (or a force-push that only moved it) has no count to say.
      if (n === 0) return `${event.actor} pushed to ${event.branch ?? '?'}`;
      return `${event.actor} pushed ${n} commit${n === 1 ? '' : 's'} to ${event.branch ?? '?'}`;
    }
    case 'tags':
    case 'branches':
      if (d.kind === 'ref' && d.count)
        return `${event.actor} ${event.action} ${d.count} ${event.event === 'tags' ? 'tags' : 'branches'}`;
      return `${event.actor} ${event.action} ${event.event === 'tags' ? 'tag' : 'branch'} ${d.kind === 'ref' ? d.ref : event.title}`;
    case 'pulls':
      return event.action === 'ready_for_review'
        ? `${event.actor} marked ready for review ${pr}${num} ${event.title}`
        : `${event.actor} ${event.action.replace(/_/g, ' ')} ${pr}${num} ${event.title}`;
    case 'discussions':
      return `${event.actor} ${event.action === 'commented' ? 'commented on' : event.action} discussion${num} ${event.title}`;
    case 'reviews':
      return `${event.actor} ${event.action} ${pr}${num} ${event.title}`;
    case 'comments':
    case 'confidential_comments':
      return `${event.actor} commented on ${d.kind === 'comment' ? d.on : 'an item'}${num} ${event.title}`;
    case 'pipelines':
      return `${d.kind === 'pipeline' && d.name ? d.name : 'Pipeline'} ${event.action} on ${event.branch ?? '?'}`;
    case 'deployments':
      return `Deployment to ${d.kind === 'deployment' ? d.environment : '?'} ${event.action}`;
    case 'releases':
      return `${event.actor} published release ${event.title}`;
    case 'wiki':
      return `${event.actor} ${event.action} wiki page ${event.title}`;
    default:
      return `${event.actor} ${event.action} ${NOUN[event.event] ?? event.event}${num} ${event.title}`.trim();
  }
}
