// The chaos run in a real extension host, smaller than the core's (npm run chaos): seeded random sequences of the
// real commands, answered by a seeded user who confirms or declines every modal, while the simulator injects
// faults; after every step the invariants are checked against the simulator's state and request log, and each
// seed ends with a fault-free Reload All that must show exactly what the simulator holds.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import { BACK, type Back, type InputStep, type PickManyStep, type PickStep } from '../../src/host/multiStepInput';
import type { UserPrompts } from '../../src/host/prompts';
import { SEED_IDS, SIMULATOR_TOKEN, type RecordedExchange } from '../../simulator';
import { checkInSync, clear, type Violation } from '../chaos/invariants';
import { faultRule } from '../chaos/operations';
import { Random, type FaultKind } from '../chaos/plan';
import { corruptGzip, rawDisk, writeFile } from '../fixtures/diskImages';
import { elsewhere } from '../support/simulatorClient';
import { settings, signedInForEachTest, sleep, usePace, VIEW_CONTAINER_COMMAND, type Harness } from './harness';
import { imageNode, run } from './operationsSupport';

const SEEDS = 10;
const STEPS = 12;
/** Faults that cost no client timeout (the host's are the real 30 s and 60 s). */
const HOST_FAULTS: FaultKind[] = ['drop', 'loseAnswer', 'serverError', 'gatewayError', 'htmlPage', 'truncatedJson', 'realWorldNulls', 'uploadDrop', 'uploadLoseAnswer'];

/** A user who answers every question from the seed: confirms most modals, declines some, picks at random. */
class ChaosUser implements UserPrompts {
  readonly confirmed: string[] = [];
  readonly shown: string[] = [];
  private answers = 0;

  constructor(private readonly random: Random) {}

  async inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    if (this.random.chance(0.1)) return undefined;
    const answer = (options.title ?? '').includes('Tags') ? `chaos, t${++this.answers}` : `chaos-h-${++this.answers}`;
    const refusal = await options.validateInput?.(answer);
    return refusal ? undefined : answer;
  }

  async quickPick<T extends vscode.QuickPickItem>(items: readonly T[]): Promise<T | undefined> {
    const choices = items.filter((item) => item.kind !== vscode.QuickPickItemKind.Separator);
    return choices.length === 0 || this.random.chance(0.1) ? undefined : this.random.pick(choices);
  }

  /** A step of a multi-step input: given up sometimes, gone back from sometimes, else answered as a box. */
  async inputStep(step: InputStep): Promise<string | Back | undefined> {
    if (this.random.chance(0.1)) return undefined;
    if (step.step > 1 && this.random.chance(0.1)) return BACK;
    const answer = step.title.includes('Tags') ? `chaos, t${++this.answers}` : `chaos-h-${++this.answers}`;
    return step.validate?.(answer) ? undefined : answer;
  }

  async pickStep<T extends vscode.QuickPickItem>(step: PickStep<T>): Promise<T | Back | undefined> {
    const items = typeof step.items === 'function' ? await step.items() : step.items;
    if (items === undefined) return undefined;
    if (step.step > 1 && this.random.chance(0.1)) return BACK;
    return this.quickPick(items);
  }

  /** A multi-select step: given up or gone back from sometimes, a copy button pressed sometimes, else ticks changed at random. */
  async pickManyStep<T extends vscode.QuickPickItem>(step: PickManyStep<T>): Promise<readonly T[] | Back | undefined> {
    if (this.random.chance(0.1)) return undefined;
    if (step.step > 1 && this.random.chance(0.1)) return BACK;
    const items = step.items.filter((item) => item.kind !== vscode.QuickPickItemKind.Separator);
    const picked = items.filter((item) => (step.picked(item) ? !this.random.chance(0.3) : this.random.chance(0.3)));
    if (step.buttons && step.buttons.length > 0 && this.random.chance(0.05)) {
      await this.random.pick(step.buttons).run(picked);
      return undefined; // a button ends the step
    }
    return picked;
  }

  async quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[]): Promise<T[] | undefined> {
    if (this.random.chance(0.1)) return undefined;
    const picked = items.filter((item) => item.picked === true ? !this.random.chance(0.3) : this.random.chance(0.3));
    return picked.length > 0 ? picked : [...items].slice(0, 1);
  }

  async confirm(message: string, detail: string, ...buttons: string[]): Promise<string | undefined> {
    if (this.random.chance(0.25)) return undefined;
    this.confirmed.push(`${message}\n${detail}`);
    return buttons[0];
  }

  async info(message: string): Promise<undefined> {
    this.shown.push(message);
    return undefined;
  }

  /** The chaos plan makes no membership tokens: nothing is shown once. */
  async showOnce(): Promise<undefined> {
    return undefined;
  }

  warning = this.info;
  error = this.info;

  async openExternal(): Promise<boolean> {
    return false;
  }

  async openExternalUrl(): Promise<boolean> {
    return false;
  }

  async openDialog(): Promise<undefined> {
    return undefined;
  }
}

describe('chaos in the extension host: random commands and faults, invariants after every step', function () {
  this.timeout(10 * 60_000);
  let h: Harness;
  let folder: string;
  let files: { good: vscode.Uri; corrupt: vscode.Uri };
  signedInForEachTest((harness) => (h = harness));
  before(async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the test host opens a workspace folder');
    folder = path.join(root, `chaos-${Date.now()}`);
    files = {
      good: vscode.Uri.file(await writeFile(folder, 'good.img.gz', gzipSync(rawDisk(160 * 1024)))),
      corrupt: vscode.Uri.file(await writeFile(folder, 'corrupt.img.gz', corruptGzip(160 * 1024))),
    };
  });
  after(() => fs.rm(folder, { recursive: true, force: true }));
  afterEach(async () => {
    if (settings().inspect('apiVersion')?.globalValue !== undefined) await settings().update('apiVersion', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.view.explorer');
    // Details documents a seed opened would otherwise stay open, with their text, into the next suite.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`seed ${seed}: ${STEPS} steps`, async () => {
      const random = new Random(seed * 7919);
      const user = new ChaosUser(random);
      h.api.services.prompts.current = user;
      usePace(h, { spacingMs: 50, perImageMs: 150, eventsEveryMs: 400 });
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      const steps: string[] = [];
      try {
        for (let index = 0; index < STEPS; index++) {
          const before = h.sim.requests.length;
          // A copy already being deleted (removed, with its confirmation, in an earlier step) loses nothing when a later
          // region set leaves it out: only the copies that still hold are checked against this step's confirmations.
          const snapshot = new Map([...h.sim.state.images.values()].map((image) => [image.id, { label: image.label, regions: (image.regions ?? []).filter((r) => r.status !== 'pending deletion').map((r) => r.region) }]));
          const fault = random.chance(0.5) ? random.pick(HOST_FAULTS) : undefined;
          if (fault) h.sim.faults.add(faultRule({ kind: fault, target: random.int(1000), method: random.int(1000), times: 1 }));
          const step = await randomStep(random);
          steps.push(`${step}${fault ? ` with ${fault}` : ''}`);
          h.sim.faults.clear();
          await sleep(20);
          const violations = checkHostStep(h.sim.requests.slice(before), snapshot, user, unhandled);
          assert.deepEqual(violations, [], `seed ${seed}, after ${steps.join(' → ')}`);
        }
        const writes = h.sim.requests.filter((r) => r.origin === 'api' && r.method !== 'GET').length;
        console.log(`      ${steps.join(' → ')}: ${writes} writes, ${user.confirmed.length} confirmations, ${user.shown.length} messages`);
        h.sim.settle();
        await vscode.commands.executeCommand('linodeImages.reloadAll');
        assert.deepEqual(checkInSync({ store: h.api.services.store, sim: h.sim }), [], `seed ${seed}, after ${steps.join(' → ')} and a fault-free Reload All`);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });
  }

  /** One random command, as a user gives it; returns what it did. */
  async function randomStep(random: Random): Promise<string> {
    const { store } = h.api.services;
    const privateImages = store.allImages().filter((image) => !image.is_public).sort((a, b) => a.id.localeCompare(b.id));
    const target = privateImages.length > 0 ? random.pick(privateImages) : undefined;
    const operation = random.pick(['refresh', 'reloadAll', 'renameImage', 'editImageDescription', 'editImageTags', 'manageImageRegions', 'deleteImages', 'deleteMany', 'showImageDetails', 'upload', 'capture', 'switchVersion', 'settle', 'elsewhere', 'poll'] as const);
    switch (operation) {
      case 'refresh':
      case 'reloadAll':
        await vscode.commands.executeCommand(`linodeImages.${operation}`);
        return operation;
      case 'renameImage':
      case 'editImageDescription':
      case 'editImageTags':
      case 'manageImageRegions':
      case 'deleteImages':
      case 'showImageDetails': {
        if (!target) return `${operation} (no image)`;
        await run(operation, await imageNode(h, target.id));
        return `${operation} ${target.id}`;
      }
      case 'deleteMany': {
        const chosen = privateImages.filter(() => random.chance(0.3)).slice(0, 3);
        if (chosen.length === 0) return 'deleteMany (none)';
        const nodes = await Promise.all(chosen.map((image) => imageNode(h, image.id)));
        await run('deleteImages', nodes[0], nodes);
        return `deleteMany ${chosen.map((image) => image.id).join(',')}`;
      }
      case 'upload': {
        const file = random.chance(0.7) ? files.good : files.corrupt;
        await vscode.commands.executeCommand('linodeImages.uploadFile', file);
        return `upload ${path.basename(file.fsPath)}`;
      }
      case 'capture':
        await run('captureImage');
        return 'capture';
      case 'switchVersion': {
        const next = settings().get<string>('apiVersion') === 'v4beta' ? undefined : 'v4beta';
        await settings().update('apiVersion', next, vscode.ConfigurationTarget.Global);
        await h.api.services.sync.ensureStarted();
        return `apiVersion ${next ?? 'v4'}`;
      }
      case 'settle':
        h.sim.settle();
        return 'settle';
      case 'elsewhere': {
        const image = [...h.sim.state.images.values()].find((candidate) => !candidate.is_public && candidate.status === 'available' && candidate.id !== SEED_IDS.images.singleRegion);
        if (!image) return 'elsewhere (none)';
        await elsewhere(h.sim, random.chance(0.5) ? { action: 'rename', imageId: image.id, label: `elsewhere-${random.int(1000)}` } : { action: 'delete', imageId: image.id });
        return `elsewhere ${image.id}`;
      }
      case 'poll':
        await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
        await sleep(300);
        await vscode.commands.executeCommand('workbench.view.explorer');
        return 'poll';
    }
  }

  /** Invariants 1, 2, 3, 5, 6 for one step of the host run. */
  function checkHostStep(
    exchanges: readonly RecordedExchange[],
    before: ReadonlyMap<string, { label: string; regions: string[] }>,
    user: ChaosUser,
    unhandled: readonly unknown[],
  ): Violation[] {
    const violations: Violation[] = [];
    const confirmedText = user.confirmed.join('\n');
    const accepted = new Set(h.sim.uploads.filter((u) => u.outcome === 'completed' && u.status === 200 && u.imageId).map((u) => u.imageId as string));
    const containers = new Set(h.sim.state.events.list().filter((e) => e.action === 'image_upload' && e.entity?.id).map((e) => `private/${e.entity?.id}`));
    for (const exchange of exchanges) {
      if (exchange.origin === 'upload' && exchange.headers.authorization !== undefined) violations.push({ invariant: 5, what: 'an upload request carried Authorization' });
      if (exchange.origin !== 'api') continue;
      const id = /^\/v4(?:beta)?\/images\/([^/?]+)(\/regions)?$/.exec(exchange.path.split('?')[0]);
      const imageId = id ? decodeURIComponent(id[1]) : undefined;
      if (exchange.method === 'DELETE' && imageId && !id?.[2]) {
        if (containers.has(imageId)) {
          if (accepted.has(imageId)) violations.push({ invariant: 1, what: `DELETE ${imageId}, which the upload host accepted` });
        } else if (!confirmedText.includes(imageId)) {
          violations.push({ invariant: 3, what: `DELETE ${imageId} with no confirmation naming it` });
        }
      }
      if (exchange.method === 'POST' && imageId && id?.[2]) {
        const sent = (exchange.requestBody as { regions?: string[] } | undefined)?.regions ?? [];
        const was = before.get(imageId);
        for (const region of was?.regions ?? []) {
          if (!sent.includes(region) && !(confirmedText.includes(`"${was?.label}"`) && confirmedText.includes(region))) {
            violations.push({ invariant: 3, what: `POST ${imageId}/regions drops ${region} with no confirmation naming it` });
          }
        }
      }
    }
    const told = new Set(user.shown.flatMap((message) => message.match(/private\/\d+/g) ?? []));
    for (const id of containers) {
      if (h.sim.state.images.get(id)?.status === 'pending_upload' && !told.has(id)) violations.push({ invariant: 2, what: `${id} left pending_upload and no message names it` });
    }
    for (const message of user.shown) {
      if (message.includes(SIMULATOR_TOKEN)) violations.push({ invariant: 5, what: `the token in "${message.slice(0, 60)}"` });
      if (!clear(message)) violations.push({ invariant: 6, what: `an unclear message: "${message}"` });
    }
    for (const reason of unhandled) violations.push({ invariant: 6, what: `unhandled rejection: ${String(reason)}` });
    return violations;
  }
});
