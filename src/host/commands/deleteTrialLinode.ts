// "Delete Trial Linode" on a trial's row, in the notifications about a trial, or from the palette: asks once (a modal
// naming the Linode and what it has cost), and deletes only a Linode this extension made in the account (its id in the
// trial record) that still carries the trial tag as Linode says now; anything else is left alone, and said so.
import * as vscode from 'vscode';
import { formatDollars } from '../../core/deploy/format';
import { TRIAL_TAG } from '../../core/deploy/trialRecord';
import { l10n } from '../../core/l10n';
import { linodeWriter } from '../deploy/linodeAccess';
import { isTrialNode, type TrialRow } from '../deploy/trialLinodes';
import type { ExtensionServices } from '../services';
import type { PlainCommand } from './command';

const deleteTitle = (): string => l10n.t('Delete Trial Linode');

export const deleteTrialLinodeCommand: PlainCommand = {
  id: 'deleteTrialLinode',
  get title() {
    return deleteTitle();
  },
  async run(services, node?: unknown) {
    const { prompts, trials, rootPasswords, logger } = services;
    const client = services.session.client();
    const profile = await linodeWriter(services, client, deleteTitle());
    if (!profile) return;
    const row = isTrialNode(node) ? node.row : await pickTrial(services);
    if (!row) return;
    const { linode } = row;
    const { dollars } = trials.costOf(row);
    const remove = l10n.t('Delete');
    const answer = await prompts.current.confirm(
      l10n.t('Delete the trial Linode "{0}"?', linode.label),
      dollars === undefined
        ? l10n.t('Its disks and everything on them are erased, and its billing stops.')
        : l10n.t('Its disks and everything on them are erased, and its billing stops. It has cost {0} so far.', formatDollars(dollars)),
      remove,
    );
    if (answer !== remove) return;
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Deleting the trial Linode "{0}"…', linode.label) },
      () => trials.delete(client, profile.account, linode.id),
    );
    if (outcome === 'notTrial') {
      logger.warn(`Linode ${linode.id} ("${linode.label}") is not a trial of this extension in this account; not deleted.`);
      void prompts.current.warning(
        l10n.t('"{0}" was not deleted: it is not a Linode that Try This Image made in this account, or it no longer carries the tag {1}. Delete it in Cloud Manager if you mean to.', linode.label, TRIAL_TAG),
      );
      return;
    }
    await rootPasswords.forget(profile.account, linode.id);
    logger.info(outcome === 'deleted' ? `Deleted trial Linode ${linode.id} ("${linode.label}").` : `Trial Linode ${linode.id} ("${linode.label}") was already gone.`);
    void prompts.current.info(outcome === 'deleted' ? l10n.t('Deleted the trial Linode "{0}".', linode.label) : l10n.t('The trial Linode "{0}" was already deleted.', linode.label));
    await trials.refresh();
  },
};

/** From the palette: one of the account's trials (listed again first). */
async function pickTrial({ trials, prompts }: ExtensionServices): Promise<TrialRow | undefined> {
  await trials.refresh();
  if (trials.rows.length === 0) {
    void prompts.current.info(l10n.t('This account has no trial Linode made by Try This Image.'));
    return undefined;
  }
  const picked = await prompts.current.quickPick(
    trials.rows.map((row) => ({ row, label: row.linode.label, description: `${row.linode.region} · ${row.linode.status}` })),
    { title: deleteTitle(), placeHolder: l10n.t('Choose the trial Linode to delete') },
  );
  return picked?.row;
}
