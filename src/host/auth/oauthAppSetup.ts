// Sign In with Linode before a client ID is set: a short multi-step input that walks the user through registering an
// OAuth app of their own in Cloud Manager (Profile → OAuth Apps) and takes its client ID (and a private app's secret),
// instead of an error that sends them to the settings. The settings stay where the app is changed later.
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { BACK, keep, runSteps, type FlowStep } from '../multiStepInput';
import type { UserPrompts } from '../prompts';
import { cleanClientSecret, clientSecretProblem } from './clientSecret';

/** Cloud Manager's list of the account's OAuth apps, with "Add an OAuth App". */
const OAUTH_APPS_PAGE = 'https://cloud.linode.com/profile/clients';

/** A client ID as Cloud Manager shows it: 20 lowercase hexadecimal characters. */
const CLIENT_ID = /^[0-9a-f]{20}$/;

type ClientType = 'public' | 'private';

export interface OAuthAppSetup {
  clientId: string;
  clientType: ClientType;
  /** A private app's client secret, not yet kept (it is once a sign-in with it works). */
  secret?: string;
}

interface SetupAnswers {
  openedCloudManager?: boolean;
  clientType?: ClientType;
  clientId?: string;
  secret?: string;
}

interface OpenItem extends vscode.QuickPickItem {
  open: boolean;
}

interface TypeItem extends vscode.QuickPickItem {
  clientType: ClientType;
}

/** Why `value` is not a client ID, if it is not. */
function clientIdProblem(value: string): string | undefined {
  return CLIENT_ID.test(value.trim()) ? undefined : l10n.t('A client ID is 20 characters, 0–9 and a–f, as Cloud Manager lists it under OAuth Apps.');
}

/**
 * Asks the steps; resolves to the app to sign in with, or undefined when the user pressed Escape. `callbackUrl` is the
 * address the sign-in will send the browser back to (what the app must be registered with); `clientType` the setting.
 */
export async function setUpOAuthApp(prompts: UserPrompts, callbackUrl: string, clientType: ClientType): Promise<OAuthAppSetup | undefined> {
  const title = (what: string): string => l10n.t('Set Up Sign In with Linode: {0}', what);
  const steps: FlowStep<SetupAnswers>[] = [
    {
      async ask(answers, place) {
        const choice = await prompts.pickStep<OpenItem>({
          ...place,
          title: title(l10n.t('OAuth App')),
          placeholder: l10n.t('Sign in with Linode needs an OAuth app of your own, registered once in Cloud Manager'),
          items: [
            {
              label: l10n.t('$(link-external) Open OAuth Apps in Cloud Manager'),
              detail: l10n.t('Choose "Add an OAuth App" there; the next steps say what to enter.'),
              open: true,
            },
            { label: l10n.t('$(check) I have registered an app already'), open: false },
          ],
          preselect: (item) => item.open === (answers.openedCloudManager ?? true),
        });
        if (choice === undefined || choice === BACK) return choice;
        if (choice.open) await prompts.openExternal(vscode.Uri.parse(OAUTH_APPS_PAGE));
        answers.openedCloudManager = choice.open;
        return 'next';
      },
    },
    {
      ask: async (_answers, place) =>
        keep(
          await prompts.inputStep({
            ...place,
            title: title(l10n.t('Callback URL')),
            prompt: l10n.t("Enter this as the app's Callback URL in Cloud Manager (Copy puts it on the clipboard), then press Enter."),
            value: callbackUrl,
            validate: (value) => (value.trim() === callbackUrl ? undefined : l10n.t('The sign-in comes back to this address, as it is: {0}', callbackUrl)),
            buttons: [
              {
                icon: 'copy',
                tooltip: l10n.t('Copy'),
                run: async () => {
                  await vscode.env.clipboard.writeText(callbackUrl);
                  // Shown in place of the prompt, so it says what to do next too.
                  return l10n.t("Copied. Paste it as the app's Callback URL in Cloud Manager, then press Enter here.");
                },
              },
            ],
          }),
          () => undefined,
        ),
    },
    {
      ask: async (answers, place) =>
        keep(
          await prompts.pickStep<TypeItem>({
            ...place,
            title: title(l10n.t('Public or Private')),
            placeholder: l10n.t('Did you tick "Public" for the app in Cloud Manager?'),
            items: [
              {
                label: l10n.t('Public'),
                description: l10n.t('"Public" ticked: no client secret'),
                detail: l10n.t('A sign-in lasts two hours; then you sign in again.'),
                clientType: 'public',
              },
              {
                label: l10n.t('Private'),
                description: l10n.t('"Public" not ticked: the app has a client secret'),
                detail: l10n.t("Its secret is asked next (kept in VS Code's secret storage); a sign-in renews itself."),
                clientType: 'private',
              },
            ],
            preselect: (item) => item.clientType === (answers.clientType ?? clientType),
          }),
          (item) => (answers.clientType = item.clientType),
        ),
    },
    {
      ask: async (answers, place) =>
        keep(
          await prompts.inputStep({
            ...place,
            title: title(l10n.t('Client ID')),
            prompt: l10n.t("The app's client ID, as Cloud Manager lists it under OAuth Apps. It is saved in the setting linodeImages.signIn.clientId."),
            placeholder: l10n.t('20 characters, 0–9 and a–f'),
            value: answers.clientId,
            validate: clientIdProblem,
          }),
          (typed) => (answers.clientId = typed.trim()),
        ),
    },
    {
      when: (answers) => (answers.clientType ?? clientType) === 'private',
      ask: async (answers, place) =>
        keep(
          await prompts.inputStep({
            ...place,
            title: title(l10n.t('Client Secret')),
            prompt: l10n.t("The app's client secret, which Cloud Manager showed once, when the app was made. It is kept in VS Code's secret storage."),
            placeholder: l10n.t('Paste the client secret'),
            password: true,
            value: answers.secret,
            validate: clientSecretProblem,
          }),
          (typed) => (answers.secret = typed),
        ),
    },
  ];
  const answers = await runSteps<SetupAnswers>(steps, {});
  if (!answers?.clientId) return undefined;
  const type = answers.clientType ?? clientType;
  if (type === 'public') return { clientId: answers.clientId, clientType: type };
  return { clientId: answers.clientId, clientType: type, secret: cleanClientSecret(answers.secret ?? '') };
}
