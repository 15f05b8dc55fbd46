// Where an image can be deployed and on which plans, as Linode decides it (POST /linode/instances refuses anything
// else): a private image only in a region where it has an available copy, a public one in every core region (at a
// distributed site only with `distributed-sites`); premium and GPU plans only where the region sells them, only
// dedicated plans at distributed sites; and a plan only when its disk holds the image beside the swap disk.
import type { Image, LinodeType, Price, Region } from '../api/types';
import { imageKind } from '../model/imageKind';
import { priceIn } from './trialCost';

/** The swap disk Linode makes beside the image's (POST /linode/instances `swap_size`, default 512 MB). */
const DEFAULT_SWAP_MB = 512;

/** The region capability a plan class needs. */
function capabilityNeededBy(planClass: LinodeType['class']): string | undefined {
  // eslint-disable-next-line local/user-strings -- a region capability as Linode names it
  if (planClass === 'gpu') return 'GPU Linodes';
  // eslint-disable-next-line local/user-strings -- a region capability as Linode names it
  if (planClass === 'premium') return 'Premium Plans';
  return undefined;
}

/** Whether Linodes of the image can be made in the region (known regions only). */
export function canDeployIn(image: Image, region: Region): boolean {
  if (!region.capabilities.includes('Linodes')) return false;
  if (imageKind(image) === 'public') return region.site_type !== 'distributed' || image.capabilities.includes('distributed-sites');
  return image.regions.some((copy) => copy.region === region.id && copy.status === 'available');
}

/**
 * The regions the image can be deployed to: a private image's available copies in the order Linode lists them (the
 * region it was made in first), a public image's regions by id.
 */
export function deployRegions(image: Image, regions: ReadonlyMap<string, Region>): Region[] {
  if (imageKind(image) === 'public') {
    return [...regions.values()].filter((region) => canDeployIn(image, region)).sort((a, b) => a.id.localeCompare(b.id));
  }
  return image.regions
    .map((copy) => regions.get(copy.region))
    .filter((region): region is Region => region !== undefined && canDeployIn(image, region));
}

export interface PricedPlan {
  type: LinodeType;
  /** In the region; null when Linode gives the plan no price. */
  price: Price | null;
}

/**
 * The plans a Linode of the image can have in the region, smallest first (memory, then price): sold there, priced,
 * and with room for the image (its `size`, MB) beside the swap disk.
 */
export function plansFor(types: readonly LinodeType[], region: Region, imageSizeMb: number | null): PricedPlan[] {
  const needed = (imageSizeMb ?? 0) + DEFAULT_SWAP_MB;
  return types
    .filter((type) => {
      const capability = capabilityNeededBy(type.class);
      if (capability !== undefined && !region.capabilities.includes(capability)) return false;
      if (region.site_type === 'distributed' && type.class !== 'dedicated') return false;
      return type.disk >= needed;
    })
    .map((type) => ({ type, price: priceIn(type, region.id) }))
    .filter((plan) => plan.price !== null)
    .sort((a, b) => a.type.memory - b.type.memory || (a.price?.hourly ?? 0) - (b.price?.hourly ?? 0) || a.type.id.localeCompare(b.type.id));
}
