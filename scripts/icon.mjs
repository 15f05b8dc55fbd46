#!/usr/bin/env node
// The Marketplace icon: renders media/icon.svg to media/icon.png (128×128, transparent corners) in the same
// headless Chromium the tests use. Run it after changing the SVG: node scripts/icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_ARGS, chromiumPath, PROJECT_ROOT } from './test-host/codeServer.mjs';

const SIZE = 128;
const source = path.join(PROJECT_ROOT, 'media/icon.svg');
const target = path.join(PROJECT_ROOT, 'media/icon.png');

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  const svg = fs.readFileSync(source, 'utf8');
  await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  fs.writeFileSync(target, png);
  console.log(`${path.relative(PROJECT_ROOT, target)}: ${SIZE}×${SIZE}, ${png.length} bytes`);
} finally {
  await browser.close();
}
