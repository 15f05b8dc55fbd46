// Shows every image again.
import { l10n } from '../../core/l10n';
import { applyFilter } from '../views/imageFilter';
import type { CommandDefinition } from './command';

export const clearFilterCommand: CommandDefinition = {
  id: 'clearFilter',
  get title() {
    return l10n.t('Clear Filter');
  },
  async run(services) {
    await applyFilter(services, undefined);
  },
};
