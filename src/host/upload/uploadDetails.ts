// What the new image is called and where it lives: label, region, description, tags, cloud-init.
// Escape at any step uploads nothing.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImageUploadRequest, Region } from '../../core/api/types';
import { canHoldImages } from '../../core/model/replication';
import { IMAGE_LIMITS, parseTags, suggestImageLabel, validateDescription, validateLabel } from '../../core/model/validation';
import type { ExtensionServices } from '../commands/command';

const LAST_REGION_KEY = 'linodeImages.upload.lastRegion';
const STEPS = 5;

interface RegionItem extends vscode.QuickPickItem {
  regionId: string;
}

interface ChoiceItem extends vscode.QuickPickItem {
  value: boolean;
}

/** "debian-12.img.gz" → "debian-12". */
export function labelFromFileName(fileName: string): string {
  const base = path.basename(fileName).replace(/\.img\.gz$/i, '').replace(/\.gz$/i, '');
  return suggestImageLabel(base);
}

export async function askUploadDetails(services: ExtensionServices, fileName: string, title: string): Promise<ImageUploadRequest | undefined> {
  const { prompts, context } = services;
  const step = (n: number, what: string): string => `${title} — Step ${n}/${STEPS}: ${what}`;

  const label = await prompts.current.inputBox({
    title: step(1, 'Label'),
    prompt: `The image's label: ${IMAGE_LIMITS.labelMin}–${IMAGE_LIMITS.labelMax} characters; letters, digits, spaces and , . ? - _ '`,
    value: labelFromFileName(fileName),
    validateInput: validateLabel,
    ignoreFocusOut: true,
  });
  if (label === undefined) return undefined;

  const regions = (await uploadRegions(services)).filter(canHoldImages);
  if (regions.length === 0) throw new Error('Linode lists no region that can store images.');
  const lastRegion = context.globalState.get<string>(LAST_REGION_KEY);
  const items = regions
    .map((region): RegionItem => ({
      label: region.id,
      description: [region.label, region.id === lastRegion ? 'last used' : undefined, region.status === 'outage' ? 'outage reported' : undefined]
        .filter(Boolean)
        .join(' · '),
      regionId: region.id,
    }))
    .sort((a, b) => Number(b.regionId === lastRegion) - Number(a.regionId === lastRegion) || a.regionId.localeCompare(b.regionId));
  const region = await prompts.current.quickPick<RegionItem>(items, {
    title: step(2, 'Region'),
    placeHolder: 'Where Linode stores the image (regions with Object Storage that can hold images)',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!region) return undefined;
  await context.globalState.update(LAST_REGION_KEY, region.regionId);

  const description = await prompts.current.inputBox({
    title: step(3, 'Description'),
    prompt: `Optional, up to ${IMAGE_LIMITS.descriptionMax.toLocaleString('en-US')} characters. Leave empty for none.`,
    validateInput: validateDescription,
    ignoreFocusOut: true,
  });
  if (description === undefined) return undefined;

  const tagsLine = await prompts.current.inputBox({
    title: step(4, 'Tags'),
    prompt: `Optional, comma-separated; each tag ${IMAGE_LIMITS.tagMin}–${IMAGE_LIMITS.tagMax} characters. Leave empty for none.`,
    placeHolder: 'e.g. web, production',
    validateInput: (value) => {
      const parsed = parseTags(value);
      return parsed.ok ? undefined : parsed.message;
    },
    ignoreFocusOut: true,
  });
  if (tagsLine === undefined) return undefined;
  const tags = parseTags(tagsLine);
  if (!tags.ok) return undefined; // the box does not accept it

  const cloudInit = await prompts.current.quickPick<ChoiceItem>(
    [
      { label: 'No', value: false, description: 'Deploy the image as it is' },
      {
        label: 'Yes, the image has cloud-init',
        value: true,
        description: 'Linode\'s Metadata service will configure new Linodes deployed from it',
        detail: 'Only if cloud-init is installed in the image and set up for Linode\'s Metadata service.',
      },
    ],
    { title: step(5, 'Cloud-init'), placeHolder: 'Does the image support cloud-init?', ignoreFocusOut: true },
  );
  if (cloudInit === undefined) return undefined;

  const request: ImageUploadRequest = { label, region: region.regionId, cloud_init: cloudInit.value };
  if (description.length > 0) request.description = description;
  if (tags.tags.length > 0) request.tags = tags.tags;
  return request;
}

/** The regions the tree already loaded, or a fresh list (the tree may not have been opened yet). */
async function uploadRegions(services: ExtensionServices): Promise<Region[]> {
  const cached = [...services.tree.regionMap().values()];
  if (cached.length > 0) return cached;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loading regions…' }, () =>
    services.session.client().listRegions(),
  );
}
