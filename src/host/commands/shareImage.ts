// Shares one of your available images in a share group (new or existing), under the label and description its
// members will see: one multi-step input (the group; a new group's label and description; the label and description
// of the shared image), and only then is anything sent. Share groups are a v4beta feature: with v4 configured the
// user may switch first.
import { shareImageConfirmed } from '../../core/api/confirmed';
import type { Image, ShareGroup } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { SHARE_LIMITS, validateShareDescription, validateShareLabel } from '../../core/model/sharing';
import { onExistingImage, rereadImage, showDone } from '../images/imageUpdates';
import { BACK, keep, runSteps, type FlowStep } from '../multiStepInput';
import type { ExtensionServices } from '../services';
import { createGroup, ensureV4beta, groupDetailSteps, groupPickItem, groupRequest, listGroups, type GroupAnswers, type GroupPickItem } from '../sharing/sharingPrompts';
import type { OneImageCommand } from './command';

const title = (): string => l10n.t('Share Image');

interface ShareAnswers extends GroupAnswers {
  /** The existing group chosen; none when a new one is to be made. */
  group?: ShareGroup;
  newGroup?: boolean;
  label?: string;
  description?: string;
}

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
    const groups: { all?: ShareGroup[] } = {};
    const answers = await runSteps<ShareAnswers>(
      [
        groupStep(services, image, groups),
        ...groupDetailSteps<ShareAnswers>(prompts.current, l10n.t('Share "{0}" in a New Share Group', image.label)).map((step) => ({ ...step, when: (given: ShareAnswers) => given.newGroup === true })),
        ...sharedAsSteps(services, image),
      ],
      {},
    );
    if (!answers) return;
    let group = answers.group;
    if (answers.newGroup) {
      group = await createGroup(services, groupRequest(answers), new Set((groups.all ?? []).map((g) => g.id)));
    }
    if (!group) return;
    const target = group;
    const description = answers.description ?? '';
    const copy = await onExistingImage(services, image, () =>
      store.withBusyDescription(image.id, l10n.t('Sharing…'), () =>
        shareImageConfirmed(client, logger, target.id, { id: image.id, label: (answers.label ?? '').trim(), ...(description === '' ? {} : { description }) }),
      ),
    );
    logger.info(`Shared ${image.id} as ${copy.id} in share group ${target.id} ("${target.label}").`);
    services.shareGroupStore.addSharedImage(target.id, copy);
    // The image's row says in how many groups it is shared.
    await rereadImage(services, image);
    showDone(l10n.t('Shared "{0}" in "{1}".', image.label, target.label));
  },
};

/**
 * The group: a new one, or one of yours (those sharing the image already are listed last, and said to be: choosing
 * one ends the flow with a message). The groups are loaded once per flow, into `groups`.
 */
function groupStep(services: ExtensionServices, image: Image, groups: { all?: ShareGroup[] }): FlowStep<ShareAnswers> {
  const { prompts, session } = services;
  const already = new Set<number>();
  let loading: Promise<GroupPickItem[]> | undefined;
  const load = async (): Promise<GroupPickItem[]> => {
    const all = await listGroups(services);
    groups.all = all;
    const sharingIt = await onExistingImage(services, image, () => session.client().listImageShareGroups(image.id));
    for (const group of sharingIt) already.add(group.id);
    return [
      { label: l10n.t('$(add) New Share Group…'), detail: l10n.t('Make a share group and share the image in it') },
      ...all.filter((group) => !already.has(group.id)).sort((a, b) => a.label.localeCompare(b.label)).map((group) => groupPickItem(group)),
      ...all.filter((group) => already.has(group.id)).map((group) => groupPickItem(group, l10n.t('already shares this image'))),
    ];
  };
  return {
    async ask(answers, place) {
      const choice = await prompts.current.pickStep({
        ...place,
        title: l10n.t('Share "{0}"', image.label),
        placeholder: l10n.t('Choose the share group to share the image in'),
        items: () => (loading ??= load()),
        preselect: (item) => (answers.newGroup ? item.group === undefined : item.group !== undefined && item.group.id === answers.group?.id),
      });
      if (choice === undefined || choice === BACK) return choice;
      if (choice.group && already.has(choice.group.id)) {
        void prompts.current.info(l10n.t('"{0}" is already shared in "{1}".', image.label, choice.group.label));
        return undefined;
      }
      answers.group = choice.group;
      answers.newGroup = choice.group === undefined;
      return 'next';
    },
  };
}

/** The label and description the group's members see, filled in with the image's own. */
function sharedAsSteps({ prompts }: ExtensionServices, image: Image): FlowStep<ShareAnswers>[] {
  const shareTitle = (answers: ShareAnswers): string => l10n.t('Share "{0}" in "{1}"', image.label, answers.group?.label ?? groupRequest(answers).label);
  return [
    {
      ask: async (answers, place) => {
        const value = answers.label ?? image.label;
        return keep(
          await prompts.current.inputStep({
            ...place,
            title: shareTitle(answers),
            prompt: l10n.t("The label the group's members see: {0}–{1} characters", SHARE_LIMITS.labelMin, SHARE_LIMITS.labelMax),
            value,
            valueSelection: [0, value.length],
            validate: validateShareLabel,
          }),
          (typed) => (answers.label = typed),
        );
      },
    },
    {
      ask: async (answers, place) =>
        keep(
          await prompts.current.inputStep({
            ...place,
            title: shareTitle(answers),
            prompt: l10n.t("The description the group's members see (optional)"),
            value: answers.description ?? image.description ?? '',
            validate: validateShareDescription,
          }),
          (typed) => (answers.description = typed),
        ),
    },
  ];
}
