// The Images view's description, written in one place: whose images it shows, and the filter when there is one
// ("sim-user · Filter: golden"). The account and the filter change it apart; each change redraws both.
import { l10n } from '../../core/l10n';
import { accountKind } from '../auth/accountKind';
import { TOKEN_ENV_VARIABLE } from '../auth/tokenStore';
import type { ExtensionServices } from '../services';

export function updateViewDescription({ tokens, tree, treeView }: Pick<ExtensionServices, 'tokens' | 'tree' | 'treeView'>): void {
  const parts = [accountDescription(tokens), tree.filter === undefined ? undefined : l10n.t('Filter: {0}', tree.filter)];
  const text = parts.filter((part): part is string => part !== undefined && part !== '').join(' · ');
  treeView.description = text === '' ? undefined : text;
}

/** Whose images the view shows: the account's name, "(sign-in expired)", or the environment variable's. */
function accountDescription(tokens: ExtensionServices['tokens']): string | undefined {
  const current = tokens.current;
  if (!current) return undefined;
  const kind = accountKind(current);
  if (kind.kind === 'environment') return TOKEN_ENV_VARIABLE;
  return kind.kind === 'signIn' && kind.expired ? l10n.t('{0} (sign-in expired)', current.account?.label ?? '') : current.account?.label;
}
