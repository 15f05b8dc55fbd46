// A small evaluator for the part of VS Code's `when`-clause language this extension's package.json uses:
// `key`, `!expr`, `key == value`, `key != value`, `key =~ /regex/flags`, `&&`, `||`, parentheses, true/false.
// Anything else throws, so a menu written with other syntax fails the menu tests instead of passing unchecked.

export type WhenContext = Readonly<Record<string, string | number | boolean | undefined>>;

type Token =
  | { kind: 'op'; value: '&&' | '||' | '!' | '(' | ')' | '==' | '!=' | '=~' }
  | { kind: 'word'; value: string }
  | { kind: 'regex'; value: RegExp };

type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; operand: Node }
  | { kind: 'key'; key: string }
  | { kind: 'literal'; value: boolean }
  | { kind: 'equals'; key: string; value: string; negated: boolean }
  | { kind: 'matches'; key: string; regex: RegExp };

export function evaluateWhen(clause: string, context: WhenContext): boolean {
  return evaluate(parseWhen(clause), context);
}

function parseWhen(clause: string): Node {
  const tokens = tokenize(clause);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const fail = (why: string): never => {
    throw new Error(`Unsupported when clause "${clause}": ${why}`);
  };
  const isOp = (token: Token | undefined, value: string): boolean => token?.kind === 'op' && token.value === value;

  const parseOr = (): Node => {
    let left = parseAnd();
    while (isOp(peek(), '||')) {
      position++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseUnary();
    while (isOp(peek(), '&&')) {
      position++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Node => {
    if (isOp(peek(), '!')) {
      position++;
      return { kind: 'not', operand: parseUnary() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Node => {
    const token = tokens[position++];
    if (!token) return fail('unexpected end');
    if (isOp(token, '(')) {
      const inner = parseOr();
      if (!isOp(tokens[position++], ')')) fail('missing )');
      return inner;
    }
    if (token.kind !== 'word') return fail(`unexpected ${token.kind === 'op' ? token.value : 'regex'}`);
    if (token.value === 'true' || token.value === 'false') return { kind: 'literal', value: token.value === 'true' };
    const next = peek();
    if (isOp(next, '==') || isOp(next, '!=')) {
      position++;
      const value = tokens[position++];
      if (value?.kind !== 'word') return fail(`${token.value} compared with nothing`);
      return { kind: 'equals', key: token.value, value: value.value, negated: isOp(next, '!=') };
    }
    if (isOp(next, '=~')) {
      position++;
      const regex = tokens[position++];
      if (regex?.kind !== 'regex') return fail(`${token.value} =~ needs a /regex/`);
      return { kind: 'matches', key: token.value, regex: regex.value };
    }
    return { kind: 'key', key: token.value };
  };

  const tree = parseOr();
  if (position !== tokens.length) fail(`unexpected "${JSON.stringify(tokens[position])}"`);
  return tree;
}

function tokenize(clause: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < clause.length) {
    const rest = clause.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const op = /^(&&|\|\||==|!=|=~|!|\(|\))/.exec(rest);
    if (op) {
      const value = op[1] as Extract<Token, { kind: 'op' }>['value'];
      tokens.push({ kind: 'op', value });
      i += value.length;
      // A regex only ever follows =~.
      if (value === '=~') {
        const regex = /^\s*\/((?:\\.|[^\\/])*)\/([gimsuy]*)/.exec(clause.slice(i));
        if (!regex) throw new Error(`Unsupported when clause "${clause}": =~ without a /regex/`);
        tokens.push({ kind: 'regex', value: new RegExp(regex[1], regex[2]) });
        i += regex[0].length;
      }
      continue;
    }
    const quoted = /^'([^']*)'/.exec(rest);
    if (quoted) {
      tokens.push({ kind: 'word', value: quoted[1] });
      i += quoted[0].length;
      continue;
    }
    const word = /^[A-Za-z0-9_.:\-/]+/.exec(rest);
    if (!word) throw new Error(`Unsupported when clause "${clause}": cannot read "${rest}"`);
    if (['in', 'not'].includes(word[0])) throw new Error(`Unsupported when clause "${clause}": operator "${word[0]}"`);
    tokens.push({ kind: 'word', value: word[0] });
    i += word[0].length;
  }
  return tokens;
}

function evaluate(node: Node, context: WhenContext): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, context) && evaluate(node.right, context);
    case 'or':
      return evaluate(node.left, context) || evaluate(node.right, context);
    case 'not':
      return !evaluate(node.operand, context);
    case 'literal':
      return node.value;
    case 'key':
      return Boolean(context[node.key]);
    case 'equals': {
      const equal = String(context[node.key] ?? '') === node.value && context[node.key] !== undefined;
      return node.negated ? !equal : equal;
    }
    case 'matches': {
      const value = context[node.key];
      return value !== undefined && node.regex.test(String(value));
    }
  }
}
