// "Try This Image": the image author's loop. The smallest plan in the image's region (a public image asks which
// region), a label of its own, a generated root password and every SSH key found; one modal that names the price;
// then a Linode tagged `linode-images-trial`, recorded before the create is sent (by label) and when it is answered
// (by id), so Delete Trial Linode can only ever delete what this extension made. When it runs: Connect with
// Remote-SSH (when installed), Copy SSH Command, Delete Trial Linode.
import * as vscode from 'vscode';
import type { Image, LinodeCreateRequest, Region } from '../../core/api/types';
import { formatPrice } from '../../core/deploy/format';
import { labelSuffix, suggestLinodeLabel, validateLinodeLabel } from '../../core/deploy/linodeLabel';
import { deployRegions, plansFor } from '../../core/deploy/plans';
import { generateRootPassword } from '../../core/deploy/rootPassword';
import { TRIAL_TAG } from '../../core/deploy/trialRecord';
import { l10n } from '../../core/l10n';
import { regionTitle } from '../../core/model/format';
import { costSentence, deploymentRefusal, knownRegions } from '../deploy/deployment';
import { announceTrial, followLinode } from '../deploy/followLinode';
import { keyAccess, linodeWriter } from '../deploy/linodeAccess';
import { loadKeyChoices } from '../deploy/sshKeyChoices';
import type { ExtensionServices } from '../services';
import type { OneImageCommand } from './command';

const title = (): string => l10n.t('Try This Image');

interface RegionItem extends vscode.QuickPickItem {
  region: Region;
}

export const tryImageCommand: OneImageCommand = {
  id: 'tryImage',
  get title() {
    return title();
  },
  targets: { action: 'deploy', many: false, pickerTitle: () => l10n.t('Try This Image: choose the image') },
  async run(services, image: Image) {
    const { prompts, logger, rootPasswords, trials } = services;
    const client = services.session.client();
    const profile = await linodeWriter(services, client, title());
    if (!profile) return;
    const region = await trialRegion(services, image, await knownRegions(client, services.store));
    if (!region) return;
    const [types, linodes, { keys, missingProfileKeys }] = await Promise.all([
      client.listLinodeTypes(),
      client.listLinodes(),
      loadKeyChoices(client, logger, keyAccess(profile, services.tokens)),
    ]);
    const [plan] = plansFor(types, region, image.size);
    if (!plan?.price) {
      void prompts.current.info(l10n.t('No plan in {0} has room for "{1}".', region.id, image.label));
      return;
    }
    const taken = new Set(linodes.map((linode) => linode.label.toLowerCase()));
    let label = suggestLinodeLabel(image.label, `trial-${labelSuffix()}`);
    while (validateLinodeLabel(label, taken) !== undefined) label = suggestLinodeLabel(image.label, `trial-${labelSuffix()}`);
    const password = generateRootPassword();
    rootPasswords.hold(password);

    const create = l10n.t('Create Trial Linode');
    const confirmed = await prompts.current.confirm(
      l10n.t('Try "{0}" on a new Linode "{1}"? It costs {2} until you delete it.', image.label, label, costSentence(plan.price)),
      [
        l10n.t('Plan {0} ({1}) in {2}: the smallest that holds the image there.', plan.type.label, formatPrice(plan.price), regionTitle(region.id, region)),
        l10n.t('It is tagged {0} and listed under Trial Linodes in the Images view, with its cost so far; delete it there when you are done.', TRIAL_TAG),
        keys.length === 0
          ? missingProfileKeys
            ? l10n.t('No SSH key was found in ~/.ssh: root logs in with the generated password, kept in VS Code\'s secret storage.')
            : l10n.t('No SSH key was found (Linode profile, ~/.ssh): root logs in with the generated password, kept in VS Code\'s secret storage.')
          : keys.length === 1
            ? l10n.t('Root logs in with your SSH key ({0}).', keys[0].name)
            : l10n.t('Root logs in with your {0} SSH keys ({1}).', keys.length, keys.map((key) => key.name).join(', ')),
        missingProfileKeys?.explanation ?? '',
      ].filter(Boolean).join('\n'),
      create,
    );
    if (confirmed !== create) return;

    const request: LinodeCreateRequest = {
      region: region.id,
      type: plan.type.id,
      label,
      image: image.id,
      root_pass: password,
      ...(keys.length > 0 ? { authorized_keys: keys.map((key) => key.key.line) } : {}),
      booted: true,
      tags: [TRIAL_TAG],
    };
    // Named in the record before it is sent: a window closed mid-create still leaves it this extension's.
    await trials.beforeCreate(profile.account, label);
    let linode;
    try {
      linode = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Creating the trial Linode "{0}"…', label) },
        () => client.createLinode(request),
      );
    } catch (error) {
      await trials.createFailed(profile.account, label, error);
      throw await deploymentRefusal(client, services.sync, image, error);
    }
    await trials.created(profile.account, linode);
    logger.info(`Created trial Linode ${linode.id} ("${linode.label}") from ${image.id} in ${linode.region}, plan ${linode.type}.`);
    await rootPasswords.store(profile.account, linode.id, password);
    const settled = await followLinode(services, client, linode, l10n.t('Starting the trial Linode "{0}"…', linode.label));
    await trials.refresh();
    if (!settled) return;
    const row = trials.rows.find((candidate) => candidate.linode.id === settled.id) ?? { linode: settled, price: plan.price, plan: plan.type.label };
    announceTrial(services, { ...row, linode: settled });
  },
};

/** A private image's own region (where it was made, or its first available copy); a public image's, asked. */
async function trialRegion({ prompts }: ExtensionServices, image: Image, known: ReadonlyMap<string, Region>): Promise<Region | undefined> {
  const regions = deployRegions(image, known);
  if (regions.length === 0) {
    void prompts.current.info(l10n.t('"{0}" has no available copy in a region where Linodes can be made.', image.label));
    return undefined;
  }
  if (!image.is_public) return regions[0];
  const picked = await prompts.current.quickPick<RegionItem>(
    regions.map((region) => ({ region, label: regionTitle(region.id, region) })),
    { title: title(), placeHolder: l10n.t('Where to try "{0}": choose a region', image.label), matchOnDescription: true, ignoreFocusOut: true },
  );
  return picked?.region;
}
