// Small image and region objects for model tests (the client tests use the simulator instead).
import type { Image, ImageRegion, Region } from '../../src/core/api/types';

export function privateImage(id: number, label: string, regions: ImageRegion[], extra: Partial<Image> = {}): Image {
  return {
    id: `private/${id}`,
    label,
    description: null,
    created: `2026-01-${String((id % 28) + 1).padStart(2, '0')}T10:00:00`,
    updated: '2026-02-01T10:00:00',
    created_by: 'sim-user',
    type: 'manual',
    is_public: false,
    size: 2500 + id,
    total_size: (2500 + id) * 1024 * 1024 * regions.length,
    vendor: null,
    deprecated: false,
    expiry: null,
    eol: null,
    status: 'available',
    capabilities: ['cloud-init'],
    tags: [],
    regions,
    ...extra,
  };
}

export function publicImage(slug: string, vendor: string, extra: Partial<Image> = {}): Image {
  return {
    ...privateImage(0, slug, []),
    id: `linode/${slug}`,
    label: slug,
    created_by: 'linode',
    is_public: true,
    vendor,
    total_size: 0,
    ...extra,
  };
}

export function region(id: string, label: string, capabilities = ['Linodes', 'Object Storage']): Region {
  return { id, label, country: 'us', capabilities, status: 'ok', site_type: 'core' };
}
