// "Manage Regions…": which regions hold a copy of a private image. The replicate request REPLACES the image's
// region set, so a region the user deselects loses its copy: that is spelled out in a modal, per replica,
// before anything is sent; a set that is empty or keeps no available copy is refused.
import type * as vscode from 'vscode';
import type { Image, Region } from '../../core/api/types';
import { regionTitle } from '../../core/model/format';
import { planRegionChange, regionChoices, type RegionChoice } from '../../core/model/replication';
import { targetImages } from '../images/imageTargets';
import { changeConfirmed, onExistingImage, rereadImage, showDone } from '../images/imageUpdates';
import type { CommandDefinition, ExtensionServices } from './command';

interface RegionPickItem extends vscode.QuickPickItem {
  regionId: string;
}

export const manageImageRegionsCommand: CommandDefinition = {
  id: 'manageImageRegions',
  title: 'Manage Regions',
  async run(services, ...args) {
    const [target] = (await targetImages(services, args, { action: 'replicate', many: false, title: 'Manage Regions' })).images;
    if (!target) return;
    const { prompts, store, session } = services;

    // The request replaces the whole set, so it must start from Linode's current one, not a cached copy.
    const image = await rereadImage(services, target);
    if (image.status !== 'available') {
      void prompts.current.warning(`"${image.label}" is ${image.status.replace(/_/g, ' ')}; its regions can be changed once it is available.`);
      return;
    }
    const regions = await knownRegions(services);
    const describe = (regionId: string): string => regionTitle(regionId, regions.get(regionId));

    const items = regionChoices(image, regions.values()).map(pickItem);
    const picked = await prompts.current.quickPickMany(items, {
      title: `Regions of "${image.label}"`,
      placeHolder: 'Regions that should hold a copy — untick one to delete its copy there',
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (picked === undefined) return;

    const plan = planRegionChange(image, picked.map((item) => item.regionId), describe);
    if (plan.kind === 'refused') {
      void prompts.current.warning(`Regions of "${image.label}" not changed: ${plan.message}`);
      return;
    }
    if (plan.kind === 'unchanged') return;

    if (plan.removed.length > 0) {
      const count = plan.removed.length;
      const button = count === 1 ? 'Delete Replica' : `Delete ${count} Replicas`;
      const lines = [
        'Linode replaces the image\'s regions with the ones selected, so these copies are deleted:',
        ...plan.removed.map((replica) => `• ${describe(replica.region)} (${replica.status})`),
        '',
        `Kept: ${plan.regions.filter((id) => !plan.added.includes(id)).map(describe).join(', ')}.`,
      ];
      if (plan.added.length > 0) lines.push(`Added: ${plan.added.map(describe).join(', ')}.`);
      lines.push('A deleted copy cannot be restored; replicating to that region again makes a new one.');
      const answer = await prompts.current.confirm(
        `Delete ${count === 1 ? 'the replica' : `${count} replicas`} of "${image.label}" in ${plan.removed.map((r) => r.region).join(', ')}?`,
        lines.join('\n'),
        button,
      );
      if (answer !== button) return;
    }

    const updated = await onExistingImage(services, image, () =>
      store.withBusyDescription(image.id, 'Updating regions…', () =>
        changeConfirmed(services, image, () => session.client().replicateImage(image.id, plan.regions), (fresh) => hasRegionSet(fresh, plan.regions)),
      ),
    );
    // Each region's row now shows its copy's status; the pending poller follows them until they settle.
    store.upsertImage(updated);
    const changes = [
      plan.added.length > 0 ? `replicating to ${plan.added.join(', ')}` : undefined,
      plan.removed.length > 0 ? `deleting ${plan.removed.map((r) => r.region).join(', ')}` : undefined,
      plan.restored.length > 0 ? `keeping ${plan.restored.join(', ')}` : undefined,
    ].filter(Boolean);
    services.logger.info(`Regions of ${image.id} set to ${plan.regions.join(', ')} (${changes.join('; ')}).`);
    showDone(`Regions of "${image.label}": ${changes.join('; ')}.`);
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
    notes.push(replica.status === 'pending deletion' ? 'copy being deleted — select to keep it' : `has a copy (${replica.status})`);
  }
  if (region?.status === 'outage') notes.push('outage');
  return {
    regionId,
    label: `${current ? '$(database)' : '$(blank)'} ${region?.label ?? regionId}`,
    description: notes.join(' · '),
    picked: current,
  };
}
