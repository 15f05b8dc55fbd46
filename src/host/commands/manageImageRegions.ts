// "Manage Regions…": which regions hold a copy of a private image. The replicate request REPLACES the image's
// region set, so a region the user deselects loses its copy: that is spelled out in a modal, per replica,
// before anything is sent; a set that is empty or keeps no available copy is refused.
import type * as vscode from 'vscode';
import type { Image, Region } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { regionTitle } from '../../core/model/format';
import { statusLabel } from '../../core/model/imageStatus';
import { planRegionChange, regionChoices, type RegionChoice } from '../../core/model/replication';
import { changeConfirmed, onExistingImage, rereadImage, showDone } from '../images/imageUpdates';
import type { ExtensionServices } from '../services';
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
    const { prompts, store, session } = services;

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

    if (plan.removed.length > 0) {
      const count = plan.removed.length;
      const button = count === 1 ? l10n.t('Delete Replica') : l10n.t('Delete {0} Replicas', count);
      const lines = [
        l10n.t("Linode replaces the image's regions with the ones selected, so these copies are deleted:"),
        ...plan.removed.map((replica) => `• ${describe(replica.region)} (${statusLabel(replica.status)})`),
        '',
        l10n.t('Kept: {0}.', plan.regions.filter((id) => !plan.added.includes(id)).map(describe).join(', ')),
      ];
      if (plan.added.length > 0) lines.push(l10n.t('Added: {0}.', plan.added.map(describe).join(', ')));
      lines.push(l10n.t('A deleted copy cannot be restored; replicating to that region again makes a new one.'));
      const removedIds = plan.removed.map((r) => r.region).join(', ');
      const answer = await prompts.current.confirm(
        count === 1
          ? l10n.t('Delete the replica of "{0}" in {1}?', image.label, removedIds)
          : l10n.t('Delete {0} replicas of "{1}" in {2}?', count, image.label, removedIds),
        lines.join('\n'),
        button,
      );
      if (answer !== button) return;
    }

    const updated = await onExistingImage(services, image, () =>
      store.withBusyDescription(image.id, l10n.t('Updating regions…'), () =>
        changeConfirmed(services, image, () => session.client().replicateImage(image.id, plan.regions), (fresh) => hasRegionSet(fresh, plan.regions)),
      ),
    );
    // Each region's row now shows its copy's status; the pending poller follows them until they settle.
    store.upsertImage(updated);
    const changes = [
      plan.added.length > 0 ? l10n.t('replicating to {0}', plan.added.join(', ')) : undefined,
      plan.removed.length > 0 ? l10n.t('deleting {0}', plan.removed.map((r) => r.region).join(', ')) : undefined,
      plan.restored.length > 0 ? l10n.t('keeping {0}', plan.restored.join(', ')) : undefined,
    ].filter(Boolean);
    services.logger.info(`Regions of ${image.id} set to ${plan.regions.join(', ')} (${changes.join('; ')}).`);
    showDone(l10n.t('Regions of "{0}": {1}.', image.label, changes.join('; ')));
  },
};

/** Linode took the new set: every region of it holds a copy, and every other copy is gone or being deleted. */
function hasRegionSet(image: Image, regions: readonly string[]): boolean {
  const wanted = new Set(regions);
  const held = new Set(image.regions.filter((r) => r.status !== 'pending deletion').map((r) => r.region));
  return wanted.size === held.size && [...wanted].every((id) => held.has(id));
}

async function knownRegions(services: ExtensionServices): Promise<ReadonlyMap<string, Region>> {
  const cached = services.store.regionMap();
  if (cached.size > 0) return cached;
  const regions = await services.session.client().listRegions();
  return new Map(regions.map((r) => [r.id, r]));
}

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
