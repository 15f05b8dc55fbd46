#!/usr/bin/env node
// @ts-check
// Writes l10n/bundle.l10n.json, the English messages translators start from: every `l10n.t('…')` of src/, found by
// @vscode/l10n-dev (`getL10nJson`, VS Code's own extractor; the lint rule `local/user-strings` makes sure each
// message is one string literal). A translation is l10n/bundle.l10n.<locale>.json with the same keys;
// package.nls.<locale>.json does the same for the manifest. `--check` fails, without writing, when the committed
// bundle is not what the sources say.
//
// l10n-dev reads `l10n.t` only where `l10n` comes from 'vscode' or '@vscode/l10n'; ours comes from src/core/l10n.ts
// (the core has no `vscode`), so the sources are handed to it with that import named as '@vscode/l10n'. They go in
// as one text: the extractor starts its parser once per file handed to it, which made a file at a time take minutes.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundlePath = path.join(root, 'l10n', 'bundle.l10n.json');

/** @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** @returns {Promise<Record<string, string>>} every message, sorted */
export async function messagesInSources() {
  const ours = /^import \{ ([^}]*\bl10n\b[^}]*) \} from '(?:\.\.?\/)+(?:core\/)?l10n';$/gm;
  const contents = [
    "import { l10n } from '@vscode/l10n';",
    ...sourceFiles(path.join(root, 'src')).map((file) => readFileSync(file, 'utf8').replace(ours, "import { $1 } from '@vscode/l10n';")),
  ].join('\n');
  const found = await getL10nJson([{ contents, extension: '.ts' }]);
  /** @type {Record<string, string>} */
  const messages = {};
  for (const key of Object.keys(found).sort()) {
    const value = found[key];
    messages[key] = typeof value === 'string' ? value : value.message;
  }
  return messages;
}

const text = `${JSON.stringify(await messagesInSources(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(bundlePath, 'utf8');
  } catch {
    // Reported below as out of date.
  }
  if (committed !== text) {
    console.error('l10n/bundle.l10n.json is not what the sources say: run `npm run l10n:export` and commit it.');
    process.exit(1);
  }
  console.log(`l10n/bundle.l10n.json holds the ${Object.keys(JSON.parse(text)).length} messages of the sources`);
} else {
  mkdirSync(path.dirname(bundlePath), { recursive: true });
  writeFileSync(bundlePath, text);
  console.log(`wrote ${Object.keys(JSON.parse(text)).length} messages to l10n/bundle.l10n.json`);
}
