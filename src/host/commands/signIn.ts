// Signs in through Linode's login page and shows the account (see auth/signInWithLinode.ts).
import { l10n } from '../../core/l10n';
import { signInWithLinode } from '../auth/signInWithLinode';
import type { CommandDefinition } from './command';

export const signInCommand: CommandDefinition = {
  id: 'signIn',
  get title() {
    return l10n.t('Sign In with Linode…');
  },
  async run(services) {
    const account = await signInWithLinode(services);
    if (account) await services.sync.refresh();
    return account?.label;
  },
};
