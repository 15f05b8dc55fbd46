// npm run bench:tree — the Images tree for an account with 10,000 private images (the simulator's `scale` seed).
//
// 1. The pure core, in plain Node: groupImages() for each grouping (what every refresh and every changed polled
//    image costs), the rows' descriptions when the largest region is expanded, and one tooltip (made on hover).
// 2. The real ImagesTreeProvider in a real extension host (code-server), loaded over HTTP from the simulator:
//    getChildren() at the root after a regroup (groupImages plus the node maps), getChildren() on the largest
//    region (a lookup in the cached shape), and getTreeItem() for all its children.
// Goals: grouping under 50 ms, getChildren under 10 ms.
//
//   node out/bench/tree.js [--runs N] [--core-only]
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Image, Region } from '../src/core/api/types';
import { imageDescription, imageTooltipMarkdown } from '../src/core/model/format';
import { groupImages, type GroupBy, type ImageGroup, type SortBy } from '../src/core/model/grouping';
import { SEEDS } from '../simulator/seeds';
import { SimulatorState } from '../simulator/state';
import { productionBuild, runInHost } from './hostRun';
import { machine, median, ms, table, verdict } from './lib';

interface Timing {
  median: number;
  min: number;
  max: number;
  /** Median CPU time of the process (user + system): less disturbed than wall time when the machine is busy. */
  cpuMedian?: number;
}

function time(work: () => unknown, runs: number, warmUp = 5): Timing {
  for (let n = 0; n < warmUp; n++) work();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let n = 0; n < runs; n++) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    work();
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), cpuMedian: median(cpu) };
}

/** The scale seed's images as the client receives them (parsed from JSON), and its regions. */
function scaleAccount(): { images: Image[]; regions: Map<string, Region> } {
  const state = new SimulatorState(60_000);
  state.holdTransitions = true;
  SEEDS.scale(state);
  const images = JSON.parse(JSON.stringify([...state.images.values()])) as Image[];
  const regions = new Map([...state.regions.values()].map((region) => [region.id, JSON.parse(JSON.stringify(region)) as Region]));
  return { images, regions };
}

function core(runs: number): boolean {
  const { images, regions } = scaleAccount();
  console.log(`\n[1] Core, plain Node ${process.version}: ${images.length} images, ${runs} runs after 5 warm-up runs (wall time; CPU time of the process)`);
  const rows: string[][] = [['work', 'median', 'min', 'max', 'CPU time, median']];
  const row = (label: string, t: Timing): void => void rows.push([label, ms(t.median), ms(t.min), ms(t.max), ms(t.cpuMedian ?? NaN)]);
  let worstGrouping = 0;
  const cases: Array<[GroupBy, SortBy]> = [['region', 'label'], ['type', 'label'], ['none', 'label'], ['region', 'created'], ['region', 'size']];
  for (const [groupBy, sortBy] of cases) {
    const t = time(() => groupImages(images, { groupBy, sortBy, showPublicImages: true, regions }), runs);
    worstGrouping = Math.max(worstGrouping, t.median);
    row(`groupImages, by ${groupBy}, sorted by ${sortBy}`, t);
  }
  const { groups } = groupImages(images, { groupBy: 'region', sortBy: 'label', showPublicImages: true, regions });
  const largest = groups.reduce((best: ImageGroup, group) => (group.count > best.count ? group : best));
  const items = time(() => largest.entries.map((e) => imageDescription(e.image, e.regionId)), runs);
  row(`expanding the largest region (${largest.id}, ${largest.entries.length} images): every row's description`, items);
  const first = largest.entries[0];
  row('hovering one row: its Markdown tooltip', time(() => imageTooltipMarkdown(first.image, regions, first.regionId), runs));
  table(rows);
  console.log(`  ${verdict(worstGrouping < 50, 'grouping under 50 ms (slowest grouping above)')}`);
  return worstGrouping < 50;
}

async function host(): Promise<void> {
  console.log('\n[2] The real ImagesTreeProvider in a real extension host (code-server), the minified bundle; medians of 15 runs');
  const build = productionBuild();
  try {
    const figures = await runInHost({ extensionDir: build.dir, grep: 'bench tree', timeoutS: 600 });
    const tree = figures.tree as Record<string, Record<string, unknown>> & { images: number };
    const info = figures.host as { vscodeVersion?: string; node?: string } | undefined;
    console.log(`  VS Code ${info?.vscodeVersion ?? '?'}, extension host Node ${info?.node ?? '?'}; ${tree.images} images loaded from the simulator`);
    const rows: string[][] = [['grouping', 'getChildren(root) after regroup', 'getChildren(largest group): first / again', 'getTreeItem × its children', 'hover one row']];
    let worstExpand = 0;
    for (const groupBy of ['region', 'type', 'none']) {
      const f = tree[groupBy];
      const root = f.rootMs as Timing;
      const expand = f.expandMs as Timing | undefined;
      const itemsMs = f.itemsMs as Timing;
      const largest = f.largestGroup as { id: string; children: number } | undefined;
      if (expand) worstExpand = Math.max(worstExpand, expand.median, (f.firstExpandMs as Timing).median);
      rows.push([
        groupBy,
        `${ms(root.median)} (${f.roots as number} nodes)`,
        expand && largest ? `${ms((f.firstExpandMs as Timing).median)} / ${ms(expand.median)} (${largest.id}, ${largest.children})` : 'no groups',
        `${ms(itemsMs.median)} (${ms(itemsMs.median / (largest?.children ?? (f.roots as number)))} each)`,
        f.hoverMs ? ms((f.hoverMs as Timing).median) : '',
      ]);
    }
    table(rows);
    console.log(`  ${verdict(worstExpand < 10, 'getChildren of an expanded group under 10 ms')}`);
  } finally {
    fs.rmSync(build.dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' }, 'core-only': { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  if (!(Number.isInteger(runs) && runs > 0)) throw new Error('--runs needs a positive whole number');
  console.log(`bench:tree — ${new Date().toISOString()}\n  ${machine()}`);
  core(runs);
  if (!values['core-only']) await host();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
