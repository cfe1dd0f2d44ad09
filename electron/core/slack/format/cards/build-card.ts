import type { ForgeEvent } from '../../../events/forge-event.js';
import type { Card } from '../card.js';
import { commentCard } from './comment-card.js';
import { deploymentCard } from './deployment-card.js';
import { discussionCard } from './discussion-card.js';
import { issueCard } from './issue-card.js';
import { pipelineCard } from './pipeline-card.js';
import { pushCard } from './push-card.js';
import { refCard } from './ref-card.js';
import { releaseCard } from './release-card.js';
import { reviewCard } from './review-card.js';
import { wikiCard } from './wiki-card.js';

/** The card for an event, chosen by its event name. */
export function buildCard(event: ForgeEvent, options: { fixed?: boolean } = {}): Card {
  switch (event.event) {
    case 'commits':
      return pushCard(event);
    case 'tags':
    case 'branches':
      return refCard(event);
    case 'issues':
    case 'confidential_issues':
    case 'pulls':
      return issueCard(event);
    case 'reviews':
      return reviewCard(event);
    case 'comments':
    case 'confidential_comments':
      return commentCard(event);
    case 'pipelines':
      return pipelineCard(event, options.fixed === true);
    case 'deployments':
      return deploymentCard(event);
    case 'releases':
      return releaseCard(event);
    case 'wiki':
      return wikiCard(event);
    case 'discussions':
      return discussionCard(event);
  }
}
