import { ACTION_CLOSE, ACTION_REOPEN } from '../format/buttons.js';
import type { Responder } from '../connection/slack-web.js';
import { type BlockActionHandler, isCommandUser } from './interaction-types.js';
import { type ItemStatePort, setItemState } from './item-state.js';

export interface ItemStateButtonsPort extends ItemStatePort {
  respond: Responder;
}

/** The Close / Reopen buttons of issue and pull/merge request cards (paired users; the value is the item's URL). */
export const itemStateButtons: BlockActionHandler<ItemStateButtonsPort> = {
  actionIds: [ACTION_CLOSE, ACTION_REOPEN],
  handle: (action, ctx, port) => ({
    later: async () => {
      if (!isCommandUser(port.settings, ctx.user)) {
        await port.respond(ctx.responseUrl, {
          response_type: 'ephemeral',
          replace_original: false,
          text: 'Sorry, you are not allowed to change issues with Forgebell. Ask its owner to pair you.',
        });
        return;
      }
      const state = action.action_id === ACTION_CLOSE ? 'closed' : 'open';
      const text = await setItemState(port, action.value ?? '', state, ctx.user);
      await port.respond(ctx.responseUrl, { response_type: 'ephemeral', replace_original: false, text });
    },
  }),
};
