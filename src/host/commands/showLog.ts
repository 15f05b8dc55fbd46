// Opens the extension's log.
import type { CommandDefinition } from './command';

export const showLogCommand: CommandDefinition = {
  id: 'showLog',
  title: 'Show Log',
  async run({ logger }) {
    logger.show();
  },
};
