// Uses an account linode-cli (or the shared Linode config) already has: one click when there is one, a picker when
// there are several (the default first). See auth/linodeCliAccounts.ts.
import { homedir } from 'node:os';
import { cliConfigPaths, type CliAccount } from '../../core/auth/cliAccounts';
import { l10n } from '../../core/l10n';
import { cliAccountLabel, describeCliAccount, offeredCliAccounts, useCliAccount } from '../auth/linodeCliAccounts';
import type { CommandDefinition } from './command';

export const useCliAccountCommand: CommandDefinition = {
  id: 'useCliAccount',
  get title() {
    return l10n.t('Use linode-cli Account…');
  },
  async run(services) {
    const offered = await offeredCliAccounts(services);
    if (offered.length === 0) {
      const looked = cliConfigPaths(process.env, homedir()).flatMap((entry) => entry.candidates);
      void services.prompts.current.info(l10n.t('No linode-cli or Linode config account to add (looked in {0}).', looked.join(', ')));
      return undefined;
    }
    let account: CliAccount | undefined = offered[0];
    if (offered.length > 1) {
      const picked = await services.prompts.current.quickPick(
        offered.map((candidate) => ({ label: l10n.t('$(terminal) {0}', cliAccountLabel(candidate)), description: describeCliAccount(candidate), detail: candidate.file, account: candidate })),
        { title: l10n.t('Use linode-cli Account'), placeHolder: l10n.t('The account whose token to use') },
      );
      account = picked?.account;
    }
    if (!account) return undefined;
    const stored = await useCliAccount(services, account);
    if (stored) await services.sync.refresh();
    return stored?.label;
  },
};
