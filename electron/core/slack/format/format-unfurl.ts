import type { ForgeEvent } from '../../events/forge-event.js';
import { context, joinLines, quoteExcerpt, section } from './block-builders.js';
import type { Block } from './block-types.js';
import { cardHeadline } from './card.js';
import { buildCard } from './cards/build-card.js';
import { labelsText, refCode, repoLink, subjectLink } from './card-parts.js';
import { isPullLike, numberRef, subjectKind, subjectNoun } from './forge-links.js';
import { MAX_SECTION_TEXT, enforceLimits } from './limits.js';
import { stateBadge, subjectState } from './subject-state.js';

function bodyOf(event: ForgeEvent): string | null {
  const d = event.details;
  return d.kind === 'issue' || d.kind === 'pull' || d.kind === 'discussion' ? d.body : null;
}

/**
 * Compact blocks for a link preview (`chat.unfurl` → `unfurls[url] = { blocks }`). Issues and PRs/MRs show title,
 * state, labels and a short excerpt; a confidential item shows only that it is confidential (anyone in the channel
 * sees previews); other events show their card's headline.
 */
export function formatUnfurl(event: ForgeEvent): Block[] {
  const kind = subjectKind(event);
  const noun = subjectNoun(event);
  const nounTitle = noun.charAt(0).toUpperCase() + noun.slice(1);
  if (event.confidential) {
    const ref = numberRef(event);
    return enforceLimits([section(`:lock: Confidential ${noun}${ref ? ` ${ref}` : ''} in ${repoLink(event)}`)]);
  }
  if (kind === 'issue' || kind === 'pull' || kind === 'mr') {
    const state = subjectState(event);
    const lines = [
      `*${subjectLink(event) || nounTitle}*`,
      `${stateBadge(state, isPullLike(event))} · ${nounTitle} in ${repoLink(event)}`,
    ];
    const blocks: Block[] = [section(joinLines(lines, MAX_SECTION_TEXT))];
    const excerpt = quoteExcerpt(bodyOf(event), 200, 3);
    if (excerpt) blocks.push(section(excerpt));
    const pull = event.details.kind === 'pull' ? event.details : null;
    const small = context([
      pull?.sourceBranch && pull.targetBranch ? `${refCode(pull.sourceBranch)} → ${refCode(pull.targetBranch)}` : '',
      labelsText(event.labels),
    ]);
    if (small !== null) blocks.push(small);
    return enforceLimits(blocks);
  }
  const card = buildCard(event);
  const blocks: Block[] = [
    section(joinLines([cardHeadline(card, event), card.subject ? `*${card.subject}*` : ''], MAX_SECTION_TEXT)),
  ];
  const small = context(card.context);
  if (small !== null) blocks.push(small);
  return enforceLimits(blocks);
}
