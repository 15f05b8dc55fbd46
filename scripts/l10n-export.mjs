#!/usr/bin/env node
// @ts-check
// Writes l10n/bundle.l10n.json, the English messages translators start from: every `l10n.t('…')` of src/, read
// with TypeScript's parser (the lint rule `local/user-strings` makes sure each message is one string literal).
// A translation is l10n/bundle.l10n.<locale>.json with the same keys; package.nls.<locale>.json does the same for
// the manifest. `--check` fails, without writing, when the committed bundle is not what the sources say.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

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

/** @param {ts.Expression} callee */
function isTranslation(callee) {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const owner = callee.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
}

/** @returns {Record<string, string>} every message, sorted */
export function messagesInSources() {
  /** @type {Set<string>} */
  const messages = new Set();
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    /** @param {ts.Node} node */
    const visit = (node) => {
      if (ts.isCallExpression(node) && isTranslation(node.expression)) {
        const [first] = node.arguments;
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) messages.add(first.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return Object.fromEntries([...messages].sort().map((message) => [message, message]));
}

const text = `${JSON.stringify(messagesInSources(), null, 2)}\n`;
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
