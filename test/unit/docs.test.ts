// The user's documents: README.md stays a two-minute read (at most 10 KiB); every relative link and image in
// README.md, CHANGELOG.md, CONTRIBUTING.md and docs/*.md reaches a file that exists, and an `#anchor` a heading
// GitHub makes that anchor for; CHANGELOG.md keeps the Keep a Changelog 1.1.0 form.
// The parsing is hand-written: keep-a-changelog (npm) accepts and normalises what these checks must refuse (any `###`
// heading, one heading twice, "Unreleased" without brackets), and markdown-it is only a dependency of our tools
// here, without types; our own Markdown needs no more than inline links, link definitions and `#` headings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const README_LIMIT = 10_240;

const read = (file: string): string => fs.readFileSync(file, 'utf8');
const relative = (file: string): string => path.relative(ROOT, file).split(path.sep).join('/');

/** The lines of a Markdown text outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): Array<{ text: string; line: number }> {
  const lines: Array<{ text: string; line: number }> = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((raw, i) => {
    const text = raw.replace(/\r$/, '');
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && text.trim() === marker) fence = undefined;
      return;
    }
    if (marker !== undefined) {
      fence = marker;
      return;
    }
    lines.push({ text, line: i + 1 });
  });
  return lines;
}

/** A line without its code spans and HTML comments (a link written inside backticks is an example, not a link). */
const withoutCode = (text: string): string => text.replace(/<!--.*?-->/g, '').replace(/(`+)(?:(?!\1).)+?\1/g, '');

interface Link {
  target: string;
  image: boolean;
  line: number;
}

const INLINE_LINK = /(!?)\[((?:[^[\]]|\[[^[\]]*\])*)\]\(\s*<?([^\s<>()]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;

/** Inline links and images (an image inside a link's text too), link definitions, and `<img src>`. */
function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  const inline = (text: string, line: number): void => {
    for (const match of text.matchAll(INLINE_LINK)) {
      links.push({ target: match[3], image: match[1] === '!', line });
      inline(match[2], line);
    }
  };
  for (const { text, line } of proseLines(markdown)) {
    const prose = withoutCode(text);
    inline(prose, line);
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(prose);
    if (definition) links.push({ target: definition[1], image: false, line });
    for (const match of prose.matchAll(/<img\s[^>]*\bsrc=["']([^"']+)["']/gi)) links.push({ target: match[1], image: true, line });
  }
  return links;
}

/** The text GitHub shows for a heading's Markdown: no emphasis markers, backticks, link targets or HTML tags. */
function headingText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`/g, '')
    .replace(/\*+|(^|\W)_+|_+(?=\W|$)/g, '$1');
}

/**
 * GitHub's anchor for a heading (as github-slugger makes it): lower case, every character but letters, marks,
 * digits, `_`, `-` and spaces dropped, spaces turned into `-`; a repeated anchor gets `-1`, `-2`, ….
 */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(text);
    if (!heading) continue;
    const slug = headingText(heading[1]).trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Problems with the relative links of one Markdown file, as "file:line: …". */
function brokenLinks(file: string): string[] {
  const problems: string[] = [];
  for (const { target, image, line } of linksOf(read(file))) {
    if (/^[a-z][a-z\d+.-]*:/i.test(target) || target.startsWith('//')) continue;
    const where = `${relative(file)}:${line}: ${image ? 'image' : 'link'} ${target}`;
    const hash = target.indexOf('#');
    const pathPart = decodeURI(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), pathPart);
    if (resolved !== ROOT && !resolved.startsWith(ROOT + path.sep)) {
      problems.push(`${where}: leaves the repository`);
      continue;
    }
    if (!fs.existsSync(resolved)) {
      problems.push(`${where}: no such file`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(anchor)) {
      problems.push(`${where}: ${relative(resolved)} has no heading with that anchor`);
    }
  }
  return problems;
}

const CHANGE_TYPES = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];

interface Release {
  name: string;
  date?: string;
  line: number;
  types: string[];
}

/** What is wrong with a changelog as Keep a Changelog 1.1.0 writes one (empty when nothing is). */
function changelogProblems(markdown: string): string[] {
  const problems: string[] = [];
  const lines = markdown.split('\n').map((text, i) => ({ text: text.replace(/\r$/, ''), line: i + 1 }));
  const content = lines.filter(({ text }) => text.trim() !== '');
  if (content[0]?.text !== '# Changelog') problems.push('the first line is not "# Changelog"');

  const releases: Release[] = [];
  const definitions = new Map<string, number>();
  let intro = 0;
  let release: Release | undefined;
  let type: { name: string; entries: number; line: number } | undefined;
  const closeType = (): void => {
    if (type && type.entries === 0) problems.push(`line ${type.line}: "### ${type.name}" lists no change`);
    type = undefined;
  };
  for (const { text, line } of content.slice(1)) {
    const definition = /^\[([^\]]+)\]:\s+\S+$/.exec(text);
    if (definitions.size > 0 && !definition) {
      problems.push(`line ${line}: only link definitions may follow the first one`);
      continue;
    }
    if (definition) {
      closeType();
      definitions.set(definition[1], line);
      continue;
    }
    if (text.startsWith('# ')) {
      problems.push(`line ${line}: a second title`);
    } else if (text.startsWith('## ')) {
      closeType();
      const unreleased = /^## \[Unreleased\]$/.exec(text);
      const version = /^## \[(\d+\.\d+\.\d+(?:-[\w.-]+)?)\] - (\d{4}-\d{2}-\d{2})$/.exec(text);
      if (!unreleased && !version) {
        problems.push(`line ${line}: "${text}" is neither "## [Unreleased]" nor "## [x.y.z] - YYYY-MM-DD"`);
        release = undefined;
        continue;
      }
      if (version && Number.isNaN(Date.parse(`${version[2]}T00:00:00Z`))) problems.push(`line ${line}: ${version[2]} is not a date`);
      release = unreleased ? { name: 'Unreleased', line, types: [] } : { name: version![1], date: version![2], line, types: [] };
      releases.push(release);
    } else if (text.startsWith('### ')) {
      closeType();
      const name = text.slice(4);
      if (!release) problems.push(`line ${line}: "${text}" is outside a version`);
      else if (!CHANGE_TYPES.includes(name)) problems.push(`line ${line}: "${text}" is not one of ${CHANGE_TYPES.map((t) => `### ${t}`).join(', ')}`);
      else if (release.types.includes(name)) problems.push(`line ${line}: "${text}" twice in ${release.name}`);
      else release.types.push(name);
      type = { name, entries: 0, line };
    } else if (type) {
      if (text.startsWith('- ') && text.trim().length > 2) type.entries++;
      else problems.push(`line ${line}: a change is one "- " line: "${text.slice(0, 40)}"`);
    } else if (release) {
      problems.push(`line ${line}: text outside a "###" section: "${text.slice(0, 40)}"`);
    } else {
      intro++;
    }
  }
  closeType();

  if (intro === 0) problems.push('no introduction under the title');
  if (releases.length === 0) problems.push('no version section');
  releases.forEach((r, i) => {
    if (r.name === 'Unreleased' && i > 0) problems.push(`line ${r.line}: [Unreleased] is not the first version`);
    if (r.name !== 'Unreleased' && r.types.length === 0) problems.push(`line ${r.line}: ${r.name} lists no change`);
  });
  const released = releases.filter((r) => r.name !== 'Unreleased');
  if (releases.filter((r) => r.name === 'Unreleased').length > 1) problems.push('more than one [Unreleased]');
  for (let i = 1; i < released.length; i++) {
    const [newer, older] = [released[i - 1], released[i]];
    if (compareVersions(newer.name, older.name) <= 0) problems.push(`line ${older.line}: ${older.name} comes after ${newer.name}, not before`);
    if ((older.date ?? '') > (newer.date ?? '')) problems.push(`line ${older.line}: ${older.name} is dated after ${newer.name}`);
  }
  if (definitions.size > 0) {
    for (const r of releases) if (!definitions.has(r.name)) problems.push(`no link definition "[${r.name}]: …" at the bottom`);
    for (const [name, line] of definitions) if (!releases.some((r) => r.name === name)) problems.push(`line ${line}: "[${name}]" names no version`);
  }
  return problems;
}

/** Semantic versions compared by their numbers (a pre-release before its release). */
function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] => {
    const [core, pre] = v.split('-', 2);
    return [...core.split('.').map(Number), pre === undefined ? 1 : 0];
  };
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

const docsFiles = (): string[] =>
  fs.readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => path.join(ROOT, 'docs', name));

describe('the user documentation', () => {
  it(`keeps README.md within ${README_LIMIT.toLocaleString('en')} bytes`, () => {
    const size = fs.statSync(path.join(ROOT, 'README.md')).size;
    assert.ok(size <= README_LIMIT, `README.md is ${size} bytes: move details to docs/`);
  });

  it('has every relative link and image of README.md, CHANGELOG.md, CONTRIBUTING.md and docs/*.md reach its file and heading', () => {
    const files = [...['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md'].map((name) => path.join(ROOT, name)), ...docsFiles()];
    assert.ok(docsFiles().length > 0, 'docs/ holds no page');
    const relativeLinks = files.flatMap((file) => linksOf(read(file)).filter(({ target }) => !/^[a-z][a-z\d+.-]*:/i.test(target)));
    assert.ok(relativeLinks.length > 30, `only ${relativeLinks.length} relative links found: the parser lost its way`);
    assert.deepEqual(files.flatMap(brokenLinks), []);
  });

  it('links every docs/ page from the README, and shows the README images vsce accepts', () => {
    const readme = linksOf(read(path.join(ROOT, 'README.md')));
    const linked = new Set(readme.map(({ target }) => target.split('#')[0]));
    assert.deepEqual(docsFiles().map(relative).filter((page) => !linked.has(page)), [], 'docs/ pages the README does not link to');
    // vsce rewrites relative links to the repository, and refuses SVG images from hosts it does not trust.
    const images = readme.filter(({ image }) => image);
    assert.ok(images.length > 0, 'the README shows no picture');
    assert.deepEqual(images.filter(({ target }) => !/\.(png|jpe?g|gif)$/i.test(target)).map(({ target }) => target), []);
  });

  it('keeps CHANGELOG.md in the Keep a Changelog form', () => {
    assert.deepEqual(changelogProblems(read(path.join(ROOT, 'CHANGELOG.md'))), []);
  });
});

describe('the documentation checks themselves', () => {
  it('make the anchors GitHub makes', () => {
    const anchors = anchorsOf([
      '# Build a `.vsix`',
      '## Reliability: what the extension guarantees',
      '### Sign in with Linode',
      '## Remote, restricted and virtual workspaces — and languages',
      '## What **you** see?',
      '```sh',
      '# not a heading',
      '```',
      '## Sign in with Linode',
      '## snake_case_name',
    ].join('\n'));
    assert.deepEqual([...anchors], [
      'build-a-vsix',
      'reliability-what-the-extension-guarantees',
      'sign-in-with-linode',
      'remote-restricted-and-virtual-workspaces--and-languages',
      'what-you-see',
      'sign-in-with-linode-1',
      'snake_case_name',
    ]);
  });

  it('find inline links, images inside links, definitions and <img>, but not code', () => {
    const links = linksOf([
      'See [the guide](docs/a.md#part "title") and [![logo](media/a.png)](https://example.com).',
      'Not `[a link](nowhere.md)`, nor:',
      '```',
      '[inside a fence](nowhere.md)',
      '```',
      '[ref]: docs/b.md',
      '<img src="media/b.png" alt="">',
    ].join('\n'));
    assert.deepEqual(links.map(({ target, image }) => `${image ? 'image' : 'link'} ${target}`), [
      'link docs/a.md#part',
      'link https://example.com',
      'image media/a.png',
      'link docs/b.md',
      'image media/b.png',
    ]);
  });

  const good = [
    '# Changelog',
    '',
    'Notable changes.',
    '',
    '## [Unreleased]',
    '### Added',
    '- One thing.',
    '',
    '## [1.10.0] - 2025-03-01',
    '### Fixed',
    '- Another.',
    '',
    '## [1.9.2] - 2025-01-31',
    '### Added',
    '- The first.',
    '### Security',
    '- A fix.',
    '',
    '[Unreleased]: https://example.com/compare/v1.10.0...HEAD',
    '[1.10.0]: https://example.com/compare/v1.9.2...v1.10.0',
    '[1.9.2]: https://example.com/releases/v1.9.2',
  ];
  const withLines = (replace: Record<number, string | undefined>): string =>
    good.flatMap((line, i) => (i in replace ? (replace[i] === undefined ? [] : [replace[i] as string]) : [line])).join('\n');

  it('pass a well-kept changelog', () => {
    assert.deepEqual(changelogProblems(good.join('\n')), []);
  });

  it('refuse what Keep a Changelog does not allow', () => {
    const cases: Array<[string, Record<number, string | undefined>, RegExp]> = [
      ['another title', { 0: '# Change log' }, /first line/],
      ['no brackets', { 4: '## Unreleased' }, /neither/],
      ['no date', { 8: '## [1.10.0]' }, /neither/],
      ['an unknown heading', { 9: '### Improvements' }, /not one of/],
      ['a heading twice', { 15: '### Added' }, /twice in 1\.9\.2/],
      ['a heading with no change', { 6: undefined }, /lists no change/],
      ['a change on two lines', { 7: '  wrapped onto a second line' }, /one "- " line/],
      ['versions out of order', { 8: '## [1.8.0] - 2025-03-01', 19: '[1.8.0]: https://example.com' }, /comes after/],
      ['a missing link definition', { 20: undefined }, /no link definition "\[1\.9\.2\]/],
      ['text after the definitions', { 20: 'More text.' }, /only link definitions/],
      ['no introduction', { 2: undefined }, /no introduction/],
    ];
    for (const [what, replace, expected] of cases) {
      const problems = changelogProblems(withLines(replace));
      assert.ok(problems.some((p) => expected.test(p)), `${what}: ${JSON.stringify(problems)}`);
    }
  });
});
