// Helpers shared by the image-operation tests (operations.*.test.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/host/tree/imagesTreeProvider';
import type { RecordedExchange, SimImage } from '../../simulator';
import { find, renderTree, type Harness, type RenderedNode } from './harness';

/** Runs an extension command the way a menu does: (clicked node, selected nodes). */
export async function run(command: string, ...args: unknown[]): Promise<unknown> {
  return vscode.commands.executeCommand(`linodeImages.${command}`, ...args);
}

/** The tree node of `imageId` (in `regionId` when the view groups by region). */
export async function imageNode(h: Harness, imageId: string, regionId?: string): Promise<TreeNode> {
  await h.api.services.sync.ensureStarted();
  const nodes = h.api.services.tree.nodesForImage(imageId);
  const node = regionId === undefined ? nodes[0] : nodes.find((n) => n.type === 'image' && n.entry.regionId === regionId);
  assert.ok(node, `no tree node for ${imageId}${regionId ? ` in ${regionId}` : ''}`);
  return node;
}

/** Requests that change something at Linode (anything but GET) on the API origin. */
export function writes(h: Harness): RecordedExchange[] {
  return h.sim.requests.filter((r) => r.origin === 'api' && r.method !== 'GET');
}

export function simImage(h: Harness, id: string): SimImage {
  const image = h.sim.state.images.get(id);
  assert.ok(image, `${id} is not in the simulator`);
  return image;
}

export async function renderedImage(h: Harness, imageId: string, regionId?: string): Promise<RenderedNode | undefined> {
  const suffix = regionId === undefined ? '' : `@${regionId}`;
  return find(await renderTree(h.api), (n) => n.id === `image:${imageId}${suffix}` || (regionId === undefined && n.id.startsWith(`image:${imageId}@`)));
}

export function imagePath(id: string, version = 'v4'): string {
  return `/${version}/images/${encodeURIComponent(id)}`;
}
