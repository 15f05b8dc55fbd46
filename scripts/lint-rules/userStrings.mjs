// @ts-check
// Lint rule `local/user-strings`: every user-facing string in the extension goes through `l10n.t(…)` (src/core/l10n.ts),
// so it can be translated. A string literal or template is taken as user-facing when it reads as words (two words
// of two letters or more), or when it sits where the user sees it whatever it says (a message's buttons, a
// picker's label, a title…). Log lines are for the developer and stay as written. A string that only looks like
// prose (an HTTP header, a `when` clause) says why in an `eslint-disable-next-line` comment.

/** Two words: what a sentence, a title or a button of two words has. */
const PROSE = /\b[A-Za-z]{2,}[,.;:!?'’)]*\s+[('"“‘]?[A-Za-z]{2,}/;
/** Properties the user reads: a quick pick item's, a tree item's, a progress notification's, a button's. */
const SHOWN_PROPERTIES = new Set(['label', 'title', 'placeHolder', 'prompt', 'description', 'detail', 'tooltip', 'message', 'validationMessage', 'text']);
/** Calls whose every string argument is shown (a message's text and its buttons). */
const SHOWN_CALLS = new Set(['info', 'warning', 'error', 'confirm', 'showInformationMessage', 'showWarningMessage', 'showErrorMessage']);
/** Calls whose arguments are not shown to the user: the log, and translation itself. */
const UNSHOWN_CALLEES = new Set(['logger', 'log', 'trace', 'debug']);

/**
 * @param {import('estree').Node | null | undefined} callee
 * @returns {string | undefined} the called function's own name (`t` for `l10n.t`, `info` for `prompts.current.info`)
 */
function calleeName(callee) {
  if (!callee) return undefined;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') return callee.property.name;
  return undefined;
}

/**
 * @param {import('estree').Node} callee
 * @returns {boolean} `l10n.t(…)` or `vscode.l10n.t(…)`
 */
function isTranslation(callee) {
  return (
    callee.type === 'MemberExpression' &&
    callee.property.type === 'Identifier' &&
    callee.property.name === 't' &&
    ((callee.object.type === 'Identifier' && callee.object.name === 'l10n') ||
      (callee.object.type === 'MemberExpression' && callee.object.property.type === 'Identifier' && callee.object.property.name === 'l10n'))
  );
}

/**
 * @param {import('estree').Node} callee
 * @returns {boolean} a log call: `logger.info(…)`, `services.logger.warn(…)`, `log(…)`, `this.log(…)`
 */
function isLogCall(callee) {
  if (callee.type === 'Identifier') return UNSHOWN_CALLEES.has(callee.name);
  if (callee.type !== 'MemberExpression') return false;
  const object = callee.object;
  const objectName = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' && object.property.type === 'Identifier' ? object.property.name : undefined;
  if (objectName !== undefined && UNSHOWN_CALLEES.has(objectName)) return true;
  return callee.property.type === 'Identifier' && callee.property.name === 'log' && object.type === 'ThisExpression';
}

/** @type {import('eslint').Rule.RuleModule} */
export const userStrings = {
  meta: {
    type: 'problem',
    docs: { description: 'User-facing strings go through l10n.t so they can be translated.' },
    messages: {
      raw: 'User-facing text "{{text}}" must go through l10n.t(…) (src/core/l10n.ts) so it can be translated.',
      notLiteral: "l10n.t(…)'s message must be written out as one string literal, so the bundle for translators can be made from the sources.",
    },
    schema: [],
  },
  create(context) {
    /**
     * @param {import('estree').Node & import('eslint').Rule.NodeParentExtension} node
     * @param {string} text
     */
    function check(node, text) {
      /** @type {boolean} */
      let shownByPlace = false;
      let child = /** @type {import('estree').Node} */ (node);
      /** @type {import('estree').Node | null} */
      let parent = node.parent;
      // Walk up through what only builds the string (concatenation, conditionals, templates) to where it is used.
      while (parent) {
        if (parent.type === 'CallExpression' || parent.type === 'NewExpression') {
          const callee = parent.callee;
          if (callee.type !== 'Super' && isTranslation(callee)) return;
          if (callee.type !== 'Super' && isLogCall(callee)) return;
          if (parent.type === 'CallExpression' && callee.type !== 'Super' && SHOWN_CALLS.has(calleeName(callee) ?? '')) shownByPlace = true;
          // A tree item's label: `new vscode.TreeItem(label, …)`.
          if (parent.type === 'NewExpression' && calleeName(callee) === 'TreeItem' && parent.arguments[0] === child) shownByPlace = true;
          break;
        }
        if (parent.type === 'Property' && parent.value === child) {
          if (parent.key.type === 'Identifier' && SHOWN_PROPERTIES.has(parent.key.name)) shownByPlace = true;
          break;
        }
        if (parent.type === 'Property' && parent.key === child) return;
        // `item.description = …`, `progress.title = …`: assigned where the user reads it.
        if (parent.type === 'AssignmentExpression' && parent.right === child) {
          const target = parent.left;
          if (target.type === 'MemberExpression' && target.property.type === 'Identifier' && SHOWN_PROPERTIES.has(target.property.name)) shownByPlace = true;
          break;
        }
        if (
          parent.type === 'ImportDeclaration' ||
          parent.type === 'ExportNamedDeclaration' ||
          parent.type === 'ExportAllDeclaration' ||
          parent.type === 'ImportExpression' ||
          /** @type {string} */ (parent.type).startsWith('TS')
        ) {
          return;
        }
        // A value compared is not shown (`kind === 'images' ? … : …`); only `+` builds a string.
        if (parent.type === 'BinaryExpression' && parent.operator !== '+') return;
        // The condition of `a ? b : c` is not shown either.
        if (parent.type === 'ConditionalExpression' && parent.test === child) return;
        if (!['BinaryExpression', 'ConditionalExpression', 'LogicalExpression', 'TemplateLiteral', 'ArrayExpression'].includes(parent.type)) break;
        child = parent;
        parent = /** @type {import('estree').Node & import('eslint').Rule.NodeParentExtension} */ (parent).parent;
      }
      if (!shownByPlace && !PROSE.test(text)) return;
      if (!/[A-Za-z]/.test(text)) return;
      context.report({ node, messageId: 'raw', data: { text: text.length > 60 ? `${text.slice(0, 57)}…` : text } });
    }
    return {
      CallExpression(node) {
        if (node.callee.type === 'Super' || !isTranslation(node.callee)) return;
        const [message] = node.arguments;
        const literal = message?.type === 'Literal' && typeof message.value === 'string';
        const plainTemplate = message?.type === 'TemplateLiteral' && message.expressions.length === 0;
        if (!literal && !plainTemplate) context.report({ node: message ?? node, messageId: 'notLiteral' });
      },
      Literal(node) {
        if (typeof node.value === 'string') check(node, node.value);
      },
      TemplateLiteral(node) {
        // Tagged templates (String.raw, markdown helpers) are checked where their result goes.
        if (node.parent.type === 'TaggedTemplateExpression') return;
        check(node, node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('{}'));
      },
    };
  },
};
