// The Upload flow's questions: the file (when the command was not given one), then what the new image is called and
// where it lives: label, region, description, tags, cloud-init. Escape at any step uploads nothing.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImageUploadRequest, Region } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { canHoldImages } from '../../core/model/replication';
import { formatGigabytes, formatPrice, storageChange } from '../../core/model/storageCost';
import { readSettings } from '../settings';
import { suggestImageLabel } from '../../core/model/validation';
import { imageLabelStep, newImageDetailSteps, newImageFields, stepTitle, type NewImageAnswers } from '../images/newImagePrompts';
import { keep, runSteps, type FlowStep } from '../multiStepInput';
import type { ExtensionServices } from '../services';
import { imageFileStep, type FileAnswers, type FileStart } from './pickImageFile';

const LAST_REGION_KEY = 'linodeImages.upload.lastRegion';

interface RegionItem extends vscode.QuickPickItem {
  regionId: string;
}

interface UploadAnswers extends NewImageAnswers, FileAnswers {
  region?: string;
}

/** "debian-12.img.gz" → "debian-12"; "disk.raw" → "disk". */
function labelFromFileName(fileName: string): string {
  const base = path.basename(fileName).replace(/\.img\.gz$/i, '').replace(/\.(gz|img|raw)$/i, '');
  return suggestImageLabel(base);
}

/**
 * Asks the flow's steps; resolves to the file and the request to send, or undefined when the user pressed Escape.
 * `check` throws for a file Linode would refuse, before any further question.
 */
export async function askUpload(
  services: Pick<ExtensionServices, 'prompts' | 'globalState' | 'store' | 'session'>,
  title: string,
  start: FileStart,
  check: (file: vscode.Uri) => Promise<void>,
  presetRegion?: string,
): Promise<{ file: vscode.Uri; request: ImageUploadRequest } | undefined> {
  const prompts = services.prompts.current;
  const lastRegion = services.globalState.get<string>(LAST_REGION_KEY);
  let regionItems: Promise<RegionItem[]> | undefined; // loaded once per flow, not again after Back
  const loadRegions = async (): Promise<RegionItem[]> => {
    const regions = (await uploadRegions(services)).filter(canHoldImages);
    if (regions.length === 0) throw new Error(l10n.t('Linode lists no region that can store images.'));
    return regions
      .map((region): RegionItem => ({
        label: region.id,
        description: [region.label, region.id === lastRegion ? l10n.t('last used') : undefined, region.status === 'outage' ? l10n.t('outage reported') : undefined]
          .filter(Boolean)
          .join(' · '),
        regionId: region.id,
      }))
      .sort((a, b) => Number(b.regionId === lastRegion) - Number(a.regionId === lastRegion) || a.regionId.localeCompare(b.regionId));
  };
  const regionStep: FlowStep<UploadAnswers> = {
    ask: async (answers, place) =>
      keep(
        await prompts.pickStep<RegionItem>({
          ...place,
          title: stepTitle(title, l10n.t('Region')),
          placeholder: l10n.t('Where Linode stores the image (regions with Object Storage that can hold images)'),
          items: () => (regionItems ??= loadRegions()),
          preselect: (item) => item.regionId === (answers.region ?? lastRegion),
          matchOnDescription: true,
        }),
        (item) => (answers.region = item.regionId),
      ),
  };
  const fileStep = 'listed' in start ? [imageFileStep<UploadAnswers>(prompts, title, start.listed, check)] : [];
  const answers = await runSteps<UploadAnswers>(
    [
      ...fileStep,
      imageLabelStep(prompts, title, (given) => labelFromFileName(given.file?.fsPath ?? '')),
      regionStep,
      ...newImageDetailSteps<UploadAnswers>(prompts, title, 'image', (answers) => storageNote(answers.file, answers.region)),
    ],
    { ...('file' in start ? { file: start.file } : {}), ...(presetRegion === undefined ? {} : { region: presetRegion }) },
  );
  if (!answers?.file || answers.region === undefined) return undefined;
  // Kept only for an upload that goes ahead: a flow given up changes nothing.
  await services.globalState.update(LAST_REGION_KEY, answers.region);
  const { label, ...details } = newImageFields(answers);
  return { file: answers.file, request: { label, region: answers.region, ...details } };
}

/**
 * What the new image will store, for the last step: its size (a raw file's own; a gzip file's as its trailer gives it)
 * in MB as Linode counts, in GB as Cloud Manager shows it, and the monthly price at the configured rate.
 */
async function storageNote(file: vscode.Uri | undefined, region: string | undefined): Promise<string | undefined> {
  if (!file || region === undefined) return undefined;
  const bytes = await imageBytes(file.fsPath).catch(() => undefined);
  if (bytes === undefined) return undefined;
  const change = storageChange({ sizeMb: Math.ceil(bytes / (1024 * 1024)), before: [], after: [region], ratePerGbMonth: readSettings().storagePricePerGbMonth });
  return l10n.t('Stores about {0} in {1}: +{2} a month at {3} per GB.', formatGigabytes(change.afterGigabytes), region, formatPrice(change.monthlyAfter), formatPrice(change.ratePerGbMonth));
}

/**
 * The disk's size: a raw file's length, or what a gzip file's trailer says it decompresses to (its last four
 * bytes, the size modulo 4 GiB: a file that decompresses to more reads smaller, hence "about"; Linode's
 * uncompressed limit is 6 GB, so at most one wrap, which a trailer smaller than the file itself reveals).
 */
async function imageBytes(filePath: string): Promise<number | undefined> {
  const handle = await fs.open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    if (!/\.gz$/i.test(filePath)) return size;
    if (size < 4) return undefined;
    const trailer = Buffer.alloc(4);
    await handle.read(trailer, 0, 4, size - 4);
    const modulo = trailer.readUInt32LE(0);
    return modulo < size ? modulo + 2 ** 32 : modulo;
  } finally {
    await handle.close();
  }
}

/** The regions the tree already loaded, or a fresh list (the tree may not have been opened yet). */
async function uploadRegions(services: Pick<ExtensionServices, 'store' | 'session'>): Promise<Region[]> {
  const cached = [...services.store.regionMap().values()];
  if (cached.length > 0) return cached;
  return services.session.client().listRegions();
}
