// The manifest's user-facing strings are translatable: each is a `%key%` found in package.nls.json (the English
// text), and package.nls.json holds nothing the manifest does not use. A new title or setting description written
// into package.json directly fails here.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

type Json = Record<string, unknown>;
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Json;
const nls = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const valuesOf = (value: unknown): unknown[] => (value && typeof value === 'object' ? Object.values(value) : []);

/** Every string of the manifest a user reads, with where it is. */
function userFacingStrings(): Array<{ where: string; text: unknown }> {
  const found: Array<{ where: string; text: unknown }> = [];
  const add = (where: string, text: unknown): void => {
    if (text !== undefined) found.push({ where, text });
  };
  add('displayName', manifest.displayName);
  add('description', manifest.description);
  const contributes = (manifest.contributes ?? {}) as Json;
  for (const command of list(contributes.commands)) {
    for (const field of ['title', 'shortTitle', 'category']) add(`command ${String(command.command)} ${field}`, command[field]);
  }
  for (const container of valuesOf(contributes.viewsContainers).flatMap(list)) add(`view container ${String(container.id)}`, container.title);
  for (const view of valuesOf(contributes.views).flatMap(list)) {
    add(`view ${String(view.id)} name`, view.name);
    add(`view ${String(view.id)} contextualTitle`, view.contextualTitle);
  }
  for (const welcome of list(contributes.viewsWelcome)) add(`welcome of ${String(welcome.view)}`, welcome.contents);
  for (const submenu of list(contributes.submenus)) add(`submenu ${String(submenu.id)}`, submenu.label);
  for (const provider of list(contributes.authentication)) add(`authentication ${String(provider.id)}`, provider.label);
  const configurations = Array.isArray(contributes.configuration) ? (contributes.configuration as Json[]) : [contributes.configuration as Json];
  for (const configuration of configurations.filter(Boolean)) {
    add('configuration title', configuration.title);
    for (const [name, property] of Object.entries((configuration.properties ?? {}) as Record<string, Json>)) {
      for (const field of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage']) add(`setting ${name} ${field}`, property[field]);
      for (const field of ['enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels']) {
        list(property[field]).forEach((text, i) => add(`setting ${name} ${field}[${i}]`, text));
      }
    }
  }
  for (const walkthrough of list(contributes.walkthroughs)) {
    add(`walkthrough ${String(walkthrough.id)} title`, walkthrough.title);
    add(`walkthrough ${String(walkthrough.id)} description`, walkthrough.description);
    for (const step of list(walkthrough.steps)) {
      add(`walkthrough step ${String(step.id)} title`, step.title);
      add(`walkthrough step ${String(step.id)} description`, step.description);
      add(`walkthrough step ${String(step.id)} altText`, (step.media as Json | undefined)?.altText);
    }
  }
  const capabilities = (manifest.capabilities ?? {}) as Json;
  for (const kind of ['untrustedWorkspaces', 'virtualWorkspaces']) {
    const capability = capabilities[kind];
    if (capability && typeof capability === 'object') add(`capability ${kind}`, (capability as Json).description);
  }
  return found;
}

describe('manifest localisation', () => {
  it('reads every user-facing string of package.json from package.nls.json', () => {
    const strings = userFacingStrings();
    assert.ok(strings.length > 50, `only ${strings.length} strings found: the walk lost its way`);
    const raw = strings.filter(({ text }) => typeof text !== 'string' || !/^%[\w.-]+%$/.test(text));
    assert.deepEqual(raw.map(({ where, text }) => `${where}: ${JSON.stringify(text)}`), [], 'strings written into package.json instead of package.nls.json');
    const missing = strings.filter(({ text }) => typeof nls[(text as string).slice(1, -1)] !== 'string');
    assert.deepEqual(missing.map(({ where, text }) => `${where}: ${String(text)}`), [], 'keys missing from package.nls.json');
  });

  it('holds nothing in package.nls.json that the manifest does not use', () => {
    const used = new Set(userFacingStrings().map(({ text }) => String(text).slice(1, -1)));
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), []);
    for (const [key, text] of Object.entries(nls)) assert.ok(typeof text === 'string' && text.trim().length > 0, `${key} is empty`);
  });
});
