// "Rebuild an Existing Linode…" from an available image: the Linode (only those in a region where the image can be
// deployed), SSH keys and cloud-init user data as one multi-step input; then a modal that says plainly that every
// disk is erased, and an input box where the user types the Linode's label, as Cloud Manager asks. A label that does
// not match sends nothing. Then one POST /linode/instances/{id}/rebuild (never sent twice) with a new root password
// (kept in secret storage), and the Linode followed until it runs again.
import * as vscode from 'vscode';
import type { Image, Linode, Region } from '../../core/api/types';
import { generateRootPassword } from '../../core/deploy/rootPassword';
import { canDeployIn } from '../../core/deploy/plans';
import { l10n } from '../../core/l10n';
import { regionTitle } from '../../core/model/format';
import { stepTitle } from '../images/newImagePrompts';
import { deployLookups, deploymentRefusal, knownRegions } from '../deploy/deployment';
import { keysStep, userDataStep, type DeployAnswers } from '../deploy/deploySteps';
import { announceLinode, followLinode } from '../deploy/followLinode';
import { keyAccess, linodeWriter } from '../deploy/linodeAccess';
import { BACK, runSteps, type FlowStep } from '../multiStepInput';
import type { ExtensionServices } from '../services';
import type { OneImageCommand } from './command';

const title = (): string => l10n.t('Rebuild an Existing Linode');

interface RebuildAnswers extends DeployAnswers {
  linode?: Linode;
}

interface LinodeItem extends vscode.QuickPickItem {
  linode: Linode;
}

export const rebuildLinodeCommand: OneImageCommand = {
  id: 'rebuildLinode',
  get title() {
    return title();
  },
  targets: { action: 'deploy', many: false, pickerTitle: () => l10n.t('Rebuild an Existing Linode: choose the image') },
  async run(services, image: Image) {
    const { prompts, store, logger, rootPasswords } = services;
    const client = services.session.client();
    const profile = await linodeWriter(services, client, title());
    if (!profile) return;
    const regions = await knownRegions(client, store);
    const lookups = await deployLookups(client, logger, keyAccess(profile, services.tokens), { title: title(), image, regions });
    const answers = await runSteps<RebuildAnswers>(
      [
        linodeStep(services, image, regions),
        keysStep(prompts.current, lookups),
        userDataStep(prompts.current, lookups, (given) => regions.get((given as RebuildAnswers).linode?.region ?? '')),
      ],
      { password: generateRootPassword() },
    );
    if (!answers?.linode) return;
    const { linode } = answers;
    rootPasswords.hold(answers.password);

    const rebuild = l10n.t('Rebuild');
    const confirmed = await prompts.current.confirm(
      l10n.t('Rebuild "{0}" from "{1}"? Every disk of {0} is erased.', linode.label, image.label),
      l10n.t(
        'All of its files, data and configuration are deleted and cannot be recovered; its disks are replaced by a fresh deployment of "{0}" with a new root password (kept in VS Code\'s secret storage). Its plan, IP addresses and price stay as they are.',
        image.label,
      ),
      rebuild,
    );
    if (confirmed !== rebuild) return;
    const typed = await prompts.current.inputBox({
      title: l10n.t('{0}: confirm', title()),
      prompt: l10n.t('Type the Linode\'s label, "{0}", to erase its disks and rebuild it.', linode.label),
      placeHolder: linode.label,
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' || value === linode.label ? undefined : l10n.t('This is not "{0}": type its label exactly to rebuild it.', linode.label)),
    });
    // An empty box accepted, or any other label: nothing is sent.
    if (typed !== linode.label) return;

    const keys = (answers.keys ?? []).map((choice) => choice.key.line);
    const rebuilt = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Rebuilding "{0}"…', linode.label) },
      async () => {
        try {
          return await client.rebuildLinode(linode.id, {
            image: image.id,
            root_pass: answers.password,
            ...(keys.length > 0 ? { authorized_keys: keys } : {}),
            booted: true,
            ...(answers.userData ? { metadata: { user_data: answers.userData.base64 } } : {}),
          });
        } catch (error) {
          throw await deploymentRefusal(client, services.sync, image, error, linode.label);
        }
      },
    );
    logger.info(`Rebuilding Linode ${linode.id} ("${linode.label}") from ${image.id}.`);
    await rootPasswords.store(profile.account, linode.id, answers.password);
    const settled = await followLinode(services, client, rebuilt, l10n.t('Rebuilding "{0}"…', linode.label));
    if (settled) announceLinode(services, settled, 'rebuilt');
  },
};

/** The account's Linodes the image can be deployed on (where it has a copy), loaded once per flow. */
function linodeStep(services: ExtensionServices, image: Image, regions: ReadonlyMap<string, Region>): FlowStep<RebuildAnswers> {
  const { prompts, session } = services;
  let loading: Promise<LinodeItem[] | undefined> | undefined;
  const load = async (): Promise<LinodeItem[] | undefined> => {
    const linodes = (await session.client().listLinodes()).filter((linode) => {
      const region = regions.get(linode.region);
      return region !== undefined && canDeployIn(image, region);
    });
    if (linodes.length === 0) {
      void prompts.current.info(l10n.t('No Linode of this account is in a region where "{0}" can be deployed.', image.label));
      return undefined;
    }
    return linodes
      .map((linode): LinodeItem => ({
        linode,
        label: linode.label,
        description: `${regionTitle(linode.region, regions.get(linode.region))} · ${linode.status.replace(/_/g, ' ')}`,
        detail: l10n.t('{0} · ID {1} · now {2}', linode.type, linode.id, linode.image ?? l10n.t('no image')),
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  };
  return {
    async ask(answers, place) {
      const picked = await prompts.current.pickStep({
        ...place,
        title: stepTitle(title(), l10n.t('Linode')),
        placeholder: l10n.t('Choose the Linode to rebuild from "{0}" (every disk of it is erased)', image.label),
        items: () => (loading ??= load()),
        preselect: (item) => item.linode.id === answers.linode?.id,
        matchOnDescription: true,
      });
      if (picked === undefined || picked === BACK) return picked;
      answers.linode = picked.linode;
      return 'next';
    },
  };
}
