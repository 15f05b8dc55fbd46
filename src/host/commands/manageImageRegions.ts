// "Manage Regions…": which regions hold a copy of a private image. The replicate request REPLACES the image's
// region set, so a region the user deselects loses its copy: that is spelled out in a modal, per replica,
// before anything is sent; a set that is empty or keeps no available copy is refused. Every copy is billed
// (size × regions), so the picker says as regions are ticked what the set keeps, adds and frees, and what it costs;
// a change that only adds copies goes ahead on Enter, without a modal, having shown its cost. Its Copy as buttons
// copy the ticked set as a script and send nothing.
import type * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import type { CopyFormat } from '../../core/model/copyAs';
import { l10n } from '../../core/l10n';
import { regionTitle } from '../../core/model/format';
import { statusLabel } from '../../core/model/imageStatus';
import { planRegionChange, regionChoices, type RegionChoice } from '../../core/model/replication';
import { copyStorage, copyToggleNote, describeStorageChange, regionSelectionSummary, regionSets, storageHeadline } from '../../core/model/storageCost';
import { COPY_FORMATS, copyButton, copyFormatOf, copyIcon, copySubject } from '../images/copyText';
import { rereadImage, showDone } from '../images/imageUpdates';
import { heldRegions, knownRegions, regionWithStorage, sendRegionSet, storageChangeOf, storageLines } from '../images/regionChange';
import { BACK, type PickManyButton } from '../multiStepInput';
import type { ExtensionServices } from '../services';
import { readSettings } from '../settings';
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

    // What one region's copy stores and costs; unknown while Linode has not said the image's size.
    const copy = image.size === null ? undefined : copyStorage(image.size, readSettings().storagePricePerGbMonth);
    const items = regionChoices(image, regions.values()).map((choice) => pickItem(choice, copy));
    const described = (checked: readonly RegionPickItem[]): { title: string; placeholder: string } => describeSelection(image, checked.map((item) => item.regionId), describe);
    const start = described(items.filter((item) => item.picked));
    const picked = await prompts.current.pickManyStep<RegionPickItem>({
      step: 1,
      totalSteps: 1,
      ...start,
      items,
      picked: (item) => item.picked === true,
      describeChecked: described,
      buttons: COPY_FORMATS.map((format): PickManyButton<RegionPickItem> => ({
        icon: copyIcon(format),
        tooltip: copyButton(format),
        run: (checked) => copyRegionSet(services, format, image, checked.map((item) => item.regionId), describe),
      })),
      matchOnDescription: true,
    });
    if (picked === undefined || picked === BACK) return;

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
    services.logger.info(`Regions of ${image.id} set to ${plan.regions.join(', ')} (${changes.join('; ')}).${storage}`);
    const done = l10n.t('Regions of "{0}": {1}.', image.label, changes.join('; ')) + storage;
    // A change no modal confirmed adds copies, which cost money: it is reported where it stays until read.
    if (plan.removed.length === 0) void prompts.current.info(done);
    else showDone(done);
  },
};

/**
 * The picker's title and placeholder for the regions ticked: the storage before and after with the monthly change,
 * then what the set keeps, adds and removes with each group's storage and price, and what Enter would do.
 */
function describeSelection(image: Image, selected: readonly string[], describe: (regionId: string) => string): { title: string; placeholder: string } {
  const change = storageChangeOf(image, selected);
  const summary = regionSelectionSummary(regionSets(heldRegions(image), selected), change);
  const plan = planRegionChange(image, selected, describe);
  const next =
    plan.kind === 'refused'
      ? plan.message
      : plan.kind === 'unchanged'
        ? l10n.t('Tick a region to add a copy there; untick one to delete its copy.')
        : plan.removed.length > 0
          ? l10n.t('Enter lists the copies to delete and asks first.')
          : l10n.t('Enter makes the new copies.');
  return {
    title: change ? l10n.t('Regions of "{0}": {1}', image.label, storageHeadline(change)) : l10n.t('Regions of "{0}"', image.label),
    placeholder: summary === '' ? next : `${summary} ${next}`,
  };
}

/** A Copy as button: the ticked regions as the new set, in `format`, with nothing sent; a set that would be refused is not copied. */
async function copyRegionSet(
  services: ExtensionServices,
  format: CopyFormat,
  image: Image,
  selected: readonly string[],
  describe: (regionId: string) => string,
): Promise<void> {
  const plan = planRegionChange(image, selected, describe);
  if (plan.kind === 'refused') {
    void services.prompts.current.warning(l10n.t('Nothing copied for "{0}": {1}', image.label, plan.message));
    return;
  }
  if (plan.kind === 'change') {
    await copySubject(services, format, { kind: 'replication', image, regions: plan.regions }, l10n.t('the new regions of "{0}"', image.label));
    return;
  }
  // Unchanged: the set as it is, in the image's order.
  const regions = image.regions.map((r) => r.region).filter((id) => selected.includes(id));
  await copySubject(services, format, { kind: 'replication', image, regions }, l10n.t('the regions of "{0}"', image.label));
}

function pickItem(choice: RegionChoice, copy: { gigabytes: number; monthlyPrice: number } | undefined): RegionPickItem {
  const { regionId, region, replica, current } = choice;
  const notes = [regionId];
  if (replica) {
    const beingDeleted = replica.status === 'pending deletion';
    notes.push(beingDeleted ? l10n.t('copy being deleted — tick to keep it') : l10n.t('has a copy ({0})', statusLabel(replica.status)));
  }
  if (region?.status === 'outage') notes.push(l10n.t('outage'));
  // What ticking or unticking this row does to the storage: every region's copy is the whole image.
  if (copy) notes.push(copyToggleNote(copy, current));
  const icon = current ? '$(database)' : '$(blank)';
  return {
    regionId,
    label: `${icon} ${region?.label ?? regionId}`,
    description: notes.join(' · '),
    picked: current,
  };
}

