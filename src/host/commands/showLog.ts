// Opens the extension's log.
import { l10n } from '../../core/l10n';
import type { CommandDefinition } from './command';

export const showLogCommand: CommandDefinition = {
  id: 'showLog',
  get title() {
    return l10n.t('Show Log');
  },
  async run({ logger }) {
    logger.show();
  },
};
