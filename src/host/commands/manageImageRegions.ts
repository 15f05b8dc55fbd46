// "Manage Regions…": which regions hold a copy of a private image. The replicate request REPLACES the image's
// region set, so a region the user deselects loses its copy: that is spelled out in a modal, per replica,
// before anything is sent; a set that is empty or keeps no available copy is refused.
import type * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { regionTitle } from '../../core/model/format';
import { statusLabel } from '../../core/model/imageStatus';
import { planRegionChange, regionChoices, type RegionChoice } from '../../core/model/replication';
import { describeStorageChange } from '../../core/model/storageCost';
import { COPY_FORMATS, copyButton, copyFormatOf, copySubject } from '../images/copyText';
import { rereadImage, showDone } from '../images/imageUpdates';
import { knownRegions, regionWithStorage, sendRegionSet, storageChangeOf, storageLines } from '../images/regionChange';
import type { OneImageCommand } from './command';

interface RegionPickItem extends vscode.QuickPickItem {
  regionId: string;
}

export const manageImageRegionsCommand: OneImageCommand = {
  id: 'manageImageRegions',
  get title() {
    return l10n.t('Manage Regions');
  },
  targets: { action: 'replicate', many: false },
  async run(services, target) {
    const { prompts } = services;

    // The request replaces the whole set, so it must start from Linode's current one, not a cached copy.
    const image = await rereadImage(services, target);
    if (image.status !== 'available') {
      void prompts.current.warning(l10n.t('"{0}" is {1}; its regions can be changed once it is available.', image.label, statusLabel(image.status)));
      return;
    }
    const regions = await knownRegions(services);
    const describe = (regionId: string): string => regionTitle(regionId, regions.get(regionId));

    const items = regionChoices(image, regions.values()).map(pickItem);
    const picked = await prompts.current.quickPickMany(items, {
      title: l10n.t('Regions of "{0}"', image.label),
      placeHolder: l10n.t('Regions that should hold a copy — untick one to delete its copy there'),
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (picked === undefined) return;

    const plan = planRegionChange(image, picked.map((item) => item.regionId), describe);
    if (plan.kind === 'refused') {
      void prompts.current.warning(l10n.t('Regions of "{0}" not changed: {1}', image.label, plan.message));
      return;
    }
    if (plan.kind === 'unchanged') return;

    const change = storageChangeOf(image, plan.regions);
    if (plan.removed.length > 0) {
      const count = plan.removed.length;
      const button = count === 1 ? l10n.t('Delete Replica') : l10n.t('Delete {0} Replicas', count);
      const lines = [
        l10n.t("Linode replaces the image's regions with the ones selected, so these copies are deleted:"),
        ...plan.removed.map((replica) => {
          const copy = change?.removed.find((r) => r.region === replica.region);
          return `• ${regionWithStorage(describe(replica.region), copy, '−', statusLabel(replica.status))}`;
        }),
        '',
      ];
      if (change) lines.push(...storageLines(change, describe, { removed: false }));
      else {
        lines.push(l10n.t('Kept: {0}.', plan.regions.filter((id) => !plan.added.includes(id)).map(describe).join(', ')));
        if (plan.added.length > 0) lines.push(l10n.t('Added: {0}.', plan.added.map(describe).join(', ')));
      }
      lines.push(l10n.t('A deleted copy cannot be restored; replicating to that region again makes a new one.'));
      const removedIds = plan.removed.map((r) => r.region).join(', ');
      // The copy buttons end the command with nothing sent: the change as a script, for someone else to run.
      const answer = await prompts.current.confirm(
        count === 1
          ? l10n.t('Delete the replica of "{0}" in {1}?', image.label, removedIds)
          : l10n.t('Delete {0} replicas of "{1}" in {2}?', count, image.label, removedIds),
        lines.join('\n'),
        button,
        ...COPY_FORMATS.map(copyButton),
      );
      const format = copyFormatOf(answer);
      if (format) {
        await copySubject(services, format, { kind: 'replication', image, regions: plan.regions }, l10n.t('the new regions of "{0}"', image.label));
        return;
      }
      if (answer !== button) return;
    }

    await sendRegionSet(services, image, plan.regions);
    const changes = [
      plan.added.length > 0 ? l10n.t('replicating to {0}', plan.added.join(', ')) : undefined,
      plan.removed.length > 0 ? l10n.t('deleting {0}', plan.removed.map((r) => r.region).join(', ')) : undefined,
      plan.restored.length > 0 ? l10n.t('keeping {0}', plan.restored.join(', ')) : undefined,
    ].filter(Boolean);
    const storage = change ? ` ${describeStorageChange(change)}` : '';
    services.logger.info(`Regions of ${image.id} set to ${plan.regions.join(', ')} (${changes.join('; ')}).`);
    showDone(l10n.t('Regions of "{0}": {1}.', image.label, changes.join('; ')) + storage);
  },
};

function pickItem(choice: RegionChoice): RegionPickItem {
  const { regionId, region, replica, current } = choice;
  const notes = [regionId];
  if (replica) {
    const beingDeleted = replica.status === 'pending deletion';
    notes.push(beingDeleted ? l10n.t('copy being deleted — select to keep it') : l10n.t('has a copy ({0})', statusLabel(replica.status)));
  }
  if (region?.status === 'outage') notes.push(l10n.t('outage'));
  const icon = current ? '$(database)' : '$(blank)';
  return {
    regionId,
    label: `${icon} ${region?.label ?? regionId}`,
    description: notes.join(' · '),
    picked: current,
  };
}

