// What the new image is called and where it lives: label, region, description, tags, cloud-init.
// Escape at any step uploads nothing.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImageUploadRequest, Region } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { canHoldImages } from '../../core/model/replication';
import { suggestImageLabel } from '../../core/model/validation';
import { askImageLabel, askNewImageDetails } from '../images/newImagePrompts';
import type { ExtensionServices } from '../services';

const LAST_REGION_KEY = 'linodeImages.upload.lastRegion';
const STEPS = 5;

interface RegionItem extends vscode.QuickPickItem {
  regionId: string;
}

/** "debian-12.img.gz" → "debian-12". */
function labelFromFileName(fileName: string): string {
  const base = path.basename(fileName).replace(/\.img\.gz$/i, '').replace(/\.gz$/i, '');
  return suggestImageLabel(base);
}

export async function askUploadDetails(services: Pick<ExtensionServices, 'prompts' | 'globalState' | 'store' | 'session'>, fileName: string, title: string): Promise<ImageUploadRequest | undefined> {
  const { prompts, globalState } = services;
  const step = (n: number, what: string): string => l10n.t('{0} — Step {1}/{2}: {3}', title, n, STEPS, what);

  const label = await askImageLabel(prompts.current, step(1, l10n.t('Label')), labelFromFileName(fileName));
  if (label === undefined) return undefined;

  const regions = (await uploadRegions(services)).filter(canHoldImages);
  if (regions.length === 0) throw new Error(l10n.t('Linode lists no region that can store images.'));
  const lastRegion = globalState.get<string>(LAST_REGION_KEY);
  const items = regions
    .map((region): RegionItem => ({
      label: region.id,
      description: [region.label, region.id === lastRegion ? l10n.t('last used') : undefined, region.status === 'outage' ? l10n.t('outage reported') : undefined]
        .filter(Boolean)
        .join(' · '),
      regionId: region.id,
    }))
    .sort((a, b) => Number(b.regionId === lastRegion) - Number(a.regionId === lastRegion) || a.regionId.localeCompare(b.regionId));
  const region = await prompts.current.quickPick<RegionItem>(items, {
    title: step(2, l10n.t('Region')),
    placeHolder: l10n.t('Where Linode stores the image (regions with Object Storage that can hold images)'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!region) return undefined;
  await globalState.update(LAST_REGION_KEY, region.regionId);

  const details = await askNewImageDetails(prompts.current, step, 3, 'image');
  if (!details) return undefined;
  const request: ImageUploadRequest = { label, region: region.regionId, ...details };
  return request;
}

/** The regions the tree already loaded, or a fresh list (the tree may not have been opened yet). */
async function uploadRegions(services: Pick<ExtensionServices, 'store' | 'session'>): Promise<Region[]> {
  const cached = [...services.store.regionMap().values()];
  if (cached.length > 0) return cached;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: l10n.t('Loading regions…') }, () =>
    services.session.client().listRegions(),
  );
}
