// Splits shell text into commands and words as a POSIX shell would (no expansion: `$VAR` stays as written), so a
// test can read back what a generated command line passes: single quotes (literal), double quotes (with `\"`,
// `\\`, `\$`, `` \` `` and line continuations), backslash escapes, `#` comments, newlines and `;` between commands.

export function shellCommands(text: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      const next = text[++i];
      if (next === undefined) throw new Error('a backslash at the end');
      if (next !== '\n') word = (word ?? '') + next;
      continue;
    }
    if (char === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new Error(`an unclosed single quote at ${i}`);
      word = (word ?? '') + text.slice(i + 1, close);
      i = close;
      continue;
    }
    if (char === '"') {
      let value = '';
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('an unclosed double quote');
        const inner = text[i];
        if (inner === '"') break;
        if (inner === '\\' && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') value += text[i + 1];
          i++;
          continue;
        }
        value += inner;
      }
      word = (word ?? '') + value;
      continue;
    }
    if (char === '#' && word === undefined) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (char === '\n' || char === ';') {
      endCommand();
      continue;
    }
    if (char === ' ' || char === '\t') {
      endWord();
      continue;
    }
    word = (word ?? '') + char;
  }
  endCommand();
  return commands;
}
