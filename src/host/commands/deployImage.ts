// "Deploy to New Linode…" on an available image: one multi-step input (region → plan → label → root password → SSH
// keys → cloud-init user data), one modal that names the price per hour and month, then one POST /linode/instances
// (a lost answer is found by the client, never sent twice) and the new Linode followed until it runs. A token that
// may not make Linodes is told so before anything is asked.
import * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import { formatPrice } from '../../core/deploy/format';
import { labelSuffix, suggestLinodeLabel } from '../../core/deploy/linodeLabel';
import { generateRootPassword } from '../../core/deploy/rootPassword';
import { l10n } from '../../core/l10n';
import { regionTitle } from '../../core/model/format';
import { costSentence, createRequest, deployLookups, deploymentRefusal, knownRegions } from '../deploy/deployment';
import { keysStep, labelStep, passwordStep, planStep, regionStep, userDataStep, type DeployAnswers } from '../deploy/deploySteps';
import { announceLinode, followLinode } from '../deploy/followLinode';
import { keyAccess, linodeWriter } from '../deploy/linodeAccess';
import { runSteps } from '../multiStepInput';
import type { OneImageCommand } from './command';

const title = (): string => l10n.t('Deploy to New Linode');

export const deployImageCommand: OneImageCommand = {
  id: 'deployImage',
  get title() {
    return title();
  },
  targets: { action: 'deploy', many: false, pickerTitle: () => l10n.t('Deploy to New Linode: choose the image') },
  async run(services, image: Image) {
    const { prompts, store, logger, rootPasswords } = services;
    const client = services.session.client();
    const profile = await linodeWriter(services, client, title());
    if (!profile) return;
    const lookups = await deployLookups(client, logger, keyAccess(profile, services.tokens), { title: title(), image, regions: await knownRegions(client, store) });
    const answers = await runSteps<DeployAnswers>(
      [
        regionStep(prompts.current, lookups),
        planStep(prompts.current, lookups),
        labelStep(prompts.current, lookups, suggestLinodeLabel(image.label, labelSuffix())),
        passwordStep(prompts.current, title()),
        keysStep(prompts.current, lookups),
        userDataStep(prompts.current, lookups, (given) => given.region),
      ],
      { password: generateRootPassword() },
    );
    if (!answers?.region || !answers.plan?.price || answers.label === undefined) return;
    const { region, plan, label } = answers;
    const price = plan.price as NonNullable<typeof plan.price>;
    rootPasswords.hold(answers.password);

    const deploy = l10n.t('Deploy');
    const keyCount = answers.keys?.length ?? 0;
    const confirmed = await prompts.current.confirm(
      l10n.t('Deploy "{0}" to a new Linode "{1}"? It costs {2}.', image.label, label, costSentence(price)),
      [
        l10n.t('Plan {0} ({1}) in {2}.', plan.type.label, formatPrice(price), regionTitle(region.id, region)),
        l10n.t('Linode bills it from its creation until it is deleted, running or not.'),
        keyCount === 0
          ? l10n.t('Root logs in with the root password only (no SSH key).')
          : keyCount === 1 ? l10n.t('Root logs in with 1 SSH key or the root password.') : l10n.t('Root logs in with {0} SSH keys or the root password.', keyCount),
        answers.userData ? l10n.t('cloud-init configures it from {0}.', vscode.workspace.asRelativePath(answers.userData.file)) : '',
      ].filter(Boolean).join('\n'),
      deploy,
    );
    if (confirmed !== deploy) return;

    const request = createRequest(image, { ...answers, region, plan, label });
    const linode = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Creating the Linode "{0}"…', label) },
      async () => {
        try {
          return await client.createLinode(request);
        } catch (error) {
          throw await deploymentRefusal(client, services.sync, image, error);
        }
      },
    );
    logger.info(`Created Linode ${linode.id} ("${linode.label}") from ${image.id} in ${linode.region}, plan ${linode.type}.`);
    await rootPasswords.store(profile.account, linode.id, answers.password);
    const settled = await followLinode(services, client, linode, l10n.t('Starting "{0}"…', linode.label));
    if (settled) announceLinode(services, settled, 'deployed');
  },
};
