// Shares one of your available images in a share group (new or existing), under the label and description its
// members will see. Share groups are a v4beta feature: with v4 configured the user may switch first.
import { shareImageConfirmed } from '../../core/api/confirmed';
import { l10n } from '../../core/l10n';
import { SHARE_LIMITS, validateShareDescription, validateShareLabel } from '../../core/model/sharing';
import { onExistingImage, rereadImage, showDone } from '../images/imageUpdates';
import { createGroup, ensureV4beta, groupPickItem, listGroups, promptGroupDetails, type GroupPickItem } from '../sharing/sharingPrompts';
import type { OneImageCommand } from './command';

const title = (): string => l10n.t('Share Image');

export const shareImageCommand: OneImageCommand = {
  id: 'shareImage',
  get title() {
    return title();
  },
  targets: { action: 'share', many: false },
  async run(services, picked) {
    if (!(await ensureV4beta(services))) return;
    const { store, session, prompts, logger } = services;
    const image = store.image(picked.id) ?? picked;
    const client = session.client();
    const groups = await listGroups(services);
    const sharingIt = await onExistingImage(services, image, () => client.listImageShareGroups(image.id));
    const already = new Set(sharingIt.map((group) => group.id));
    const newItem: GroupPickItem = { label: l10n.t('$(add) New Share Group…'), detail: l10n.t('Make a share group and share the image in it') };
    const items: GroupPickItem[] = [
      newItem,
      ...groups.filter((group) => !already.has(group.id)).sort((a, b) => a.label.localeCompare(b.label)).map((group) => groupPickItem(group)),
      ...groups.filter((group) => already.has(group.id)).map((group) => groupPickItem(group, l10n.t('already shares this image'))),
    ];
    const choice = await prompts.current.quickPick(items, {
      title: l10n.t('Share "{0}"', image.label),
      placeHolder: l10n.t('Choose the share group to share the image in'),
    });
    if (!choice) return;
    let group = choice.group;
    if (group && already.has(group.id)) {
      void prompts.current.info(l10n.t('"{0}" is already shared in "{1}".', image.label, group.label));
      return;
    }
    let made = false;
    if (!group) {
      const request = await promptGroupDetails(services, l10n.t('Share "{0}" in a New Share Group', image.label));
      if (!request) return;
      group = await createGroup(services, request, new Set(groups.map((g) => g.id)));
      made = true;
    }
    const shareTitle = l10n.t('Share "{0}" in "{1}"', image.label, group.label);
    const label = await prompts.current.inputBox({
      title: shareTitle,
      prompt: l10n.t("The label the group's members see: {0}–{1} characters", SHARE_LIMITS.labelMin, SHARE_LIMITS.labelMax),
      value: image.label,
      valueSelection: [0, image.label.length],
      validateInput: validateShareLabel,
    });
    if (label === undefined) return leftEmpty(made, group.label, services.logger);
    const description = await prompts.current.inputBox({
      title: shareTitle,
      prompt: l10n.t("The description the group's members see (optional)"),
      value: image.description ?? '',
      validateInput: validateShareDescription,
    });
    if (description === undefined) return leftEmpty(made, group.label, services.logger);
    const target = group;
    const copy = await onExistingImage(services, image, () =>
      store.withBusyDescription(image.id, l10n.t('Sharing…'), () =>
        shareImageConfirmed(client, logger, target.id, { id: image.id, label: label.trim(), ...(description === '' ? {} : { description }) }),
      ),
    );
    logger.info(`Shared ${image.id} as ${copy.id} in share group ${target.id} ("${target.label}").`);
    services.shareGroupStore.addSharedImage(target.id, copy);
    // The image's row says in how many groups it is shared.
    await rereadImage(services, image);
    showDone(l10n.t('Shared "{0}" in "{1}".', image.label, target.label));
  },
};

/** The user gave up after a new group was made: it stays (empty), and the log says so. */
function leftEmpty(made: boolean, groupLabel: string, logger: { info(line: string): void }): void {
  if (made) logger.info(`The new share group "${groupLabel}" was left without images.`);
}
