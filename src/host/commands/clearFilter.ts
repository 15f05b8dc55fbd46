// Shows every image again.
import { applyFilter } from '../images/imageFilter';
import type { CommandDefinition } from './command';

export const clearFilterCommand: CommandDefinition = {
  id: 'clearFilter',
  title: 'Clear Filter',
  async run(services) {
    await applyFilter(services, undefined);
  },
};
