#!/usr/bin/env node
// @ts-check
// Fails when the project's TypeScript modules import one another in a circle.
// Every relative import counts, type-only ones too: an erased import still ties two modules' designs together.
// Each cycle is printed as a chain (a.ts → b.ts → a.ts); the exit code is 1 when there is any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folders = ['src', 'simulator', 'test', 'bench'];
/** Relative imports that name no file, reported as warnings (the compiler fails on them anyway). */
/** @type {string[]} */
const unresolved = [];

/**
 * The .ts files under a folder (declaration files aside), as absolute paths.
 * @param {string} folder
 * @returns {string[]}
 */
function sourcesUnder(folder) {
  /** @type {string[]} */
  const found = [];
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...sourcesUnder(path));
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/**
 * The source reduced to its code: comments, the text of template literals and the bodies of regular expressions
 * blanked out, and each string literal replaced by its number in `strings` ('0', "1", …), so that an import
 * statement quoted in a string or a comment is not taken for one. Line breaks stay where they were.
 * Regular-expression literals are told from divisions by what precedes the slash, as a JavaScript lexer does.
 * @param {string} text
 * @returns {{ code: string, strings: string[] }}
 */
function codeOf(text) {
  let out = '';
  /** @type {string[]} */
  const strings = [];
  let i = 0;
  /** The last character of code that was not space: tells a division from a regular expression. */
  let previous = '';
  /** The word that ends at `previous`, if any (after `return`, a slash starts a regular expression). */
  let previousWord = '';
  /** For each `${` open inside a template literal, the brace depth it was opened at. */
  /** @type {number[]} */
  const templates = [];
  let depth = 0;
  const regexAfterWords = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
  /** @param {string} skipped */
  const blank = (skipped) => skipped.replace(/[^\n]/g, ' ');

  /** Blanks a template literal's text from i (just past a backtick or a closing `}`) up to its end or the next `${`. */
  const templateText = () => {
    const start = i;
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') {
        i += 2;
      } else if (c === '`') {
        out += `${blank(text.slice(start, i))}\``;
        i += 1;
        previous = '`';
        return;
      } else if (c === '$' && text[i + 1] === '{') {
        out += `${blank(text.slice(start, i))}\${`;
        i += 2;
        templates.push(depth);
        depth += 1;
        previous = '{';
        return;
      } else {
        i += 1;
      }
    }
    out += blank(text.slice(start));
  };

  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += blank(text.slice(i, stop));
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += `${c}${strings.length}${c}${blank(text.slice(i, j + 1)).slice(String(strings.length).length + 2)}`;
      strings.push(text.slice(i + 1, j));
      i = j + 1;
      previous = c;
      previousWord = '';
      continue;
    }
    if (c === '`') {
      out += c;
      i += 1;
      templateText();
      previousWord = '';
      continue;
    }
    if (c === '/' && (previous === '' || '(,=:[!&|?{};+-*%<>~^'.includes(previous) || regexAfterWords.has(previousWord))) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n') {
        if (text[j] === '\\') j += 1;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        else if (text[j] === '/' && !inClass) break;
        j += 1;
      }
      out += `/${blank(text.slice(i + 1, j))}/`;
      i = j + 1;
      previous = '/';
      previousWord = '';
      continue;
    }
    if (c === '{') depth += 1;
    if (c === '}') {
      depth -= 1;
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        out += c;
        i += 1;
        templateText();
        previousWord = '';
        continue;
      }
    }
    out += c;
    i += 1;
    if (/\s/.test(c)) continue;
    previousWord = /[\w$]/.test(c) ? (/[\w$]/.test(previous) ? previousWord + c : c) : '';
    previous = c;
  }
  return { code: out, strings };
}

/** Static imports and re-exports (`import … from`, `import type … from`, `export … from`, `import 'x'`); group 2 is a string's number. */
const fromClause = /\b(?:import|export)\s+(?:type\s+)?(?:[\w$*{},\s]*?\s+from\s+)?(['"])(\d+)\1/g;
/** Dynamic imports, `typeof import('x')` types, `require('x')` and `import x = require('x')`. */
const callForm = /(?<![\w$.])(?:import|require)\s*\(\s*(['"])(\d+)\1\s*\)/g;

/**
 * The relative module specifiers a source file names.
 * @param {string} text
 * @returns {string[]}
 */
function relativeSpecifiers(text) {
  const { code, strings } = codeOf(text);
  /** @type {string[]} */
  const specifiers = [];
  for (const pattern of [fromClause, callForm]) {
    for (const match of code.matchAll(pattern)) {
      const specifier = strings[Number(match[2])];
      if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') specifiers.push(specifier);
    }
  }
  return specifiers;
}

/**
 * The project file a relative specifier names, as TypeScript resolves it: x.ts, x/index.ts, with .js read as .ts.
 * @param {string} from the importing file
 * @param {string} specifier
 * @param {Set<string>} known
 * @returns {string | undefined}
 */
function resolveSpecifier(from, specifier, known) {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(?:js|ts|mjs|cjs)$/, '');
  for (const candidate of [base, `${stem}.ts`, join(stem, 'index.ts'), join(base, 'index.ts')]) {
    if (known.has(candidate)) return candidate;
  }
  try {
    // Some other kind of file (JSON, plain JavaScript): it imports no TypeScript module, so it closes no cycle.
    if (statSync(base).isFile()) return undefined;
  } catch {
    // not there at all: reported below
  }
  unresolved.push(`${show(from)}: cannot resolve '${specifier}'`);
  return undefined;
}

/**
 * A path relative to the project, with forward slashes.
 * @param {string} path
 */
function show(path) {
  return relative(root, path).split(sep).join('/');
}

/**
 * The strongly connected components of the graph with more than one module, or one that imports itself (Tarjan).
 * @param {string[]} nodes
 * @param {Map<string, string[]>} edges
 * @returns {string[][]}
 */
function stronglyConnected(nodes, edges) {
  let counter = 0;
  /** @type {Map<string, number>} */
  const index = new Map();
  /** @type {Map<string, number>} */
  const low = new Map();
  /** @type {string[]} */
  const stack = [];
  const onStack = new Set();
  /** @type {string[][]} */
  const components = [];

  // Iterative, so a long import chain cannot overflow the call stack.
  for (const start of nodes) {
    if (index.has(start)) continue;
    /** @type {{ node: string, next: number }[]} */
    const work = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter);
    counter += 1;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next];
        frame.next += 1;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(/** @type {number} */ (low.get(frame.node)), /** @type {number} */ (index.get(target))));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(/** @type {number} */ (low.get(parent.node)), /** @type {number} */ (low.get(frame.node))));
      if (low.get(frame.node) === index.get(frame.node)) {
        /** @type {string[]} */
        const component = [];
        let member;
        do {
          member = /** @type {string} */ (stack.pop());
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || targets.includes(frame.node)) components.push(component);
      }
    }
  }
  return components;
}

/**
 * Loops that together show every import inside a component: for each import no loop shows yet, that import and the
 * shortest way back.
 * @param {string[]} members
 * @param {Map<string, string[]>} edges
 * @returns {string[][]}
 */
function loopsOf(members, edges) {
  const component = new Set(members);
  /** @type {string[][]} */
  const loops = [];
  const seenEdges = new Set();
  /** @param {string[]} chain */
  const record = (chain) => {
    const fresh = chain.slice(1).some((to, i) => !seenEdges.has(`${chain[i]}\0${to}`));
    if (!fresh) return;
    loops.push(chain);
    chain.slice(1).forEach((to, i) => seenEdges.add(`${chain[i]}\0${to}`));
  };
  for (const member of [...members].sort()) {
    for (const target of edges.get(member) ?? []) {
      if (!component.has(target) || seenEdges.has(`${member}\0${target}`)) continue;
      // member → target, then target's shortest way back to member.
      const back = target === member ? [member] : shortestPath(target, member, component, edges);
      record([member, ...back]);
    }
  }
  return loops;
}

/**
 * The shortest import chain from one module to another inside a component.
 * @param {string} from
 * @param {string} to
 * @param {Set<string>} component
 * @param {Map<string, string[]>} edges
 * @returns {string[]}
 */
function shortestPath(from, to, component, edges) {
  /** @type {Map<string, string>} */
  const cameFrom = new Map([[from, from]]);
  /** @type {string[]} */
  const queue = [from];
  while (queue.length > 0) {
    const node = /** @type {string} */ (queue.shift());
    if (node === to) break;
    for (const target of edges.get(node) ?? []) {
      if (component.has(target) && !cameFrom.has(target)) {
        cameFrom.set(target, node);
        queue.push(target);
      }
    }
  }
  const chain = [to];
  for (let at = to; at !== from; at = /** @type {string} */ (cameFrom.get(at))) chain.unshift(/** @type {string} */ (cameFrom.get(at)));
  return chain;
}

/**
 * The imports inside a component that alone close every loop in it: without any one of them, the component's modules
 * import one another in a line. Often the one import that should not be there.
 * @param {string[]} members
 * @param {Map<string, string[]>} edges
 * @returns {[string, string][]}
 */
function singleCuts(members, edges) {
  const component = new Set(members);
  /** @type {[string, string][]} */
  const inside = members.flatMap((from) => (edges.get(from) ?? []).filter((to) => component.has(to)).map((to) => /** @type {[string, string]} */ ([from, to])));
  return inside.filter(([cutFrom, cutTo]) => {
    /** @type {Map<string, string[]>} */
    const rest = new Map(members.map((from) => [from, (edges.get(from) ?? []).filter((to) => component.has(to) && !(from === cutFrom && to === cutTo))]));
    return stronglyConnected(members, rest).length === 0;
  });
}

const files = folders.flatMap((folder) => sourcesUnder(join(root, folder))).sort();
const known = new Set(files);
/** @type {Map<string, string[]>} */
const edges = new Map();
for (const file of files) {
  const targets = new Set();
  for (const specifier of relativeSpecifiers(readFileSync(file, 'utf8'))) {
    const target = resolveSpecifier(file, specifier, known);
    if (target) targets.add(target);
  }
  edges.set(file, [...targets].sort());
}

for (const line of unresolved) console.warn(`warning: ${line}`);

const components = stronglyConnected(files, edges).map((component) => component.sort());
components.sort((a, b) => a[0].localeCompare(b[0]));
if (components.length === 0) {
  console.log(`no import cycles among ${files.length} modules`);
} else {
  const tangled = components.reduce((sum, component) => sum + component.length, 0);
  console.log(`${components.length} import cycle${components.length === 1 ? '' : 's'} (${tangled} of ${files.length} modules):`);
  for (const [n, component] of components.entries()) {
    console.log(`\n${n + 1}. ${component.length} module${component.length === 1 ? '' : 's'}: ${component.map(show).join(', ')}`);
    const loops = loopsOf(component, edges);
    for (const loop of loops) console.log(`   ${loop.map(show).join(' → ')}`);
    const cuts = loops.length > 1 ? singleCuts(component, edges) : [];
    if (cuts.length > 0) {
      console.log(`   Every loop goes through ${cuts.length === 1 ? 'this import' : 'each of these imports'}: ${cuts.map(([from, to]) => `${show(from)} → ${show(to)}`).join('; ')}`);
    }
  }
  console.log('\nEvery relative import counts, `import type` too. Move what both sides need into a module of its own so imports point one way.');
  process.exitCode = 1;
}
