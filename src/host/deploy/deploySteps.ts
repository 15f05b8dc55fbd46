// The steps of Deploy to New Linode and Rebuild an Existing Linode: region (only where the image has an available
// copy, its own region first), plan (with its prices there, smallest first), label, root password, SSH keys and
// cloud-init user data. Each keeps its answer, so Back shows it again; what a step lists is read once per flow.
import * as vscode from 'vscode';
import type { Image, LinodeType, Region } from '../../core/api/types';
import { formatPrice, planSpecs } from '../../core/deploy/format';
import { validateLinodeLabel } from '../../core/deploy/linodeLabel';
import { deployRegions, plansFor, type PricedPlan } from '../../core/deploy/plans';
import { l10n } from '../../core/l10n';
import { regionTitle } from '../../core/model/format';
import { stepTitle } from '../images/newImagePrompts';
import { BACK, keep, type FlowStep } from '../multiStepInput';
import type { UserPrompts } from '../prompts';
import type { KeyChoice, KeyChoices } from './sshKeyChoices';

/** Linode's limit on user data, before it is base64-encoded. */
const USER_DATA_MAX_BYTES = 65_535;
/** Linode's root password length (its strength Linode judges). */
const ROOT_PASSWORD = { min: 11, max: 128 } as const;

export interface UserData {
  /** The workspace file it was read from. */
  file: vscode.Uri;
  base64: string;
}

export interface DeployAnswers {
  region?: Region;
  plan?: PricedPlan;
  label?: string;
  /** Generated when the flow starts; the user may type another. */
  password: string;
  /** The keys chosen (none is an answer). */
  keys?: readonly KeyChoice[];
  /** null: none. */
  userData?: UserData | null;
}

/** What the steps read from Linode, each at most once per flow (started when the flow starts, awaited when needed). */
export interface DeployLookups {
  title: string;
  image: Image;
  regions: ReadonlyMap<string, Region>;
  plans: () => Promise<readonly LinodeType[]>;
  /** The account's Linode labels, lower case (a new label must be another). */
  takenLabels: () => Promise<ReadonlySet<string>>;
  keys: KeyChoices;
}

interface RegionItem extends vscode.QuickPickItem {
  region: Region;
}

interface PlanItem extends vscode.QuickPickItem {
  plan: PricedPlan;
}

interface KeyItem extends vscode.QuickPickItem {
  /** Undefined for the note on the profile's keys, which is not a key. */
  choice?: KeyChoice;
}

interface UserDataItem extends vscode.QuickPickItem {
  file?: vscode.Uri;
  browse?: true;
}

/** A label with a product icon in front: "$(key) laptop". */
function withIcon(icon: string, text: string): string {
  return `$(${icon}) ${text}`;
}

/** Whether the image takes cloud-init user data in the region (both must say so, or Linode refuses it). */
function takesUserData(image: Image, region: Region | undefined): boolean {
  return image.capabilities.includes('cloud-init') && region !== undefined && region.capabilities.includes('Metadata');
}

export function regionStep(prompts: UserPrompts, lookups: DeployLookups): FlowStep<DeployAnswers> {
  const { image, regions, title } = lookups;
  const listed = deployRegions(image, regions);
  const own = image.is_public ? undefined : listed[0]?.id;
  const items = listed.map((region): RegionItem => ({
    region,
    label: regionTitle(region.id, region),
    description: region.id === own ? l10n.t("the image's region") : undefined,
  }));
  return {
    async ask(answers, place) {
      const picked = await prompts.pickStep<RegionItem>({
        ...place,
        title: stepTitle(title, l10n.t('Region')),
        placeholder: image.is_public
          ? l10n.t('Choose the region of the new Linode')
          : l10n.t('Choose the region of the new Linode (only regions with an available copy of the image)'),
        items: async () => {
          if (items.length > 0) return items;
          void prompts.info(l10n.t('"{0}" has no available copy in a region where Linodes can be made.', image.label));
          return undefined;
        },
        preselect: (item) => item.region.id === answers.region?.id,
        matchOnDescription: true,
      });
      if (picked === undefined || picked === BACK) return picked;
      if (answers.region?.id !== picked.region.id) answers.plan = undefined; // prices and plans differ by region
      answers.region = picked.region;
      return 'next';
    },
  };
}

export function planStep(prompts: UserPrompts, lookups: DeployLookups): FlowStep<DeployAnswers> {
  const { image, title } = lookups;
  return {
    async ask(answers, place) {
      const region = answers.region as Region;
      const picked = await prompts.pickStep<PlanItem>({
        ...place,
        title: stepTitle(title, l10n.t('Plan')),
        placeholder: l10n.t('Choose the plan (prices in {0}; billed by the hour, never more than the monthly price)', region.id),
        items: async () => {
          const plans = plansFor(await lookups.plans(), region, image.size);
          if (plans.length === 0) {
            void prompts.info(l10n.t('No plan in {0} has room for "{1}".', region.id, image.label));
            return undefined;
          }
          return plans.map((plan): PlanItem => ({
            plan,
            label: plan.type.label,
            description: plan.price ? formatPrice(plan.price) : undefined,
            detail: planSpecs(plan.type),
          }));
        },
        preselect: (item) => item.plan.type.id === answers.plan?.type.id,
        matchOnDescription: true,
      });
      if (picked === undefined || picked === BACK) return picked;
      answers.plan = picked.plan;
      return 'next';
    },
  };
}

export function labelStep(prompts: UserPrompts, lookups: DeployLookups, suggested: string): FlowStep<DeployAnswers> {
  return {
    async ask(answers, place) {
      const taken = await lookups.takenLabels();
      return keep(
        await prompts.inputStep({
          ...place,
          title: stepTitle(lookups.title, l10n.t('Label')),
          prompt: l10n.t("The new Linode's label: 3–64 letters, digits and - _ . (a letter first, a letter or digit last), not yet used in the account"),
          value: answers.label ?? suggested,
          validate: (value) => validateLinodeLabel(value, taken),
        }),
        (typed) => (answers.label = typed),
      );
    },
  };
}

export function passwordStep(prompts: UserPrompts, title: string): FlowStep<DeployAnswers> {
  return {
    ask: async (answers, place) =>
      keep(
        await prompts.inputStep({
          ...place,
          title: stepTitle(title, l10n.t('Root Password')),
          prompt: l10n.t("The root password, generated for you; it is kept in VS Code's secret storage for this Linode. Copy puts it on the clipboard. Or type your own ({0}–{1} characters).", ROOT_PASSWORD.min, ROOT_PASSWORD.max),
          value: answers.password,
          password: true,
          validate: (value) =>
            value.length < ROOT_PASSWORD.min || value.length > ROOT_PASSWORD.max
              ? l10n.t('A root password is {0} to {1} characters (now {2}).', ROOT_PASSWORD.min, ROOT_PASSWORD.max, value.length)
              : undefined,
          buttons: [
            {
              icon: 'copy',
              tooltip: l10n.t('Copy Generated Password'),
              run: async () => {
                await vscode.env.clipboard.writeText(answers.password);
                return l10n.t('The generated password is on the clipboard.');
              },
            },
          ],
        }),
        (typed) => (answers.password = typed),
      ),
  };
}

/**
 * Asked when there is a key to offer, or a note to give: why the profile's keys are missing (the token may not list
 * them). Every key starts checked (SSH keys are the way in); the note is an item of its own, which adds nothing.
 */
export function keysStep(prompts: UserPrompts, lookups: DeployLookups): FlowStep<DeployAnswers> {
  const { keys, missingProfileKeys: missing } = lookups.keys;
  const items = keys.map((choice): KeyItem => ({
    choice,
    label: withIcon('key', choice.name),
    description: `${choice.key.type} · ${choice.source}`,
    detail: choice.key.comment || undefined,
  }));
  if (missing) items.push({ label: withIcon('info', missing.label), description: missing.why, detail: missing.how, alwaysShow: true });
  return {
    when: () => items.length > 0,
    async ask(answers, place) {
      const picked = await prompts.pickManyStep<KeyItem>({
        ...place,
        title: stepTitle(lookups.title, l10n.t('SSH Keys')),
        placeholder: missing
          ? keys.length > 0
            ? l10n.t("Public keys from ~/.ssh for root's authorized_keys (your Linode profile's keys are not listed: see the note); none: log in with the password")
            : l10n.t('No public key was found in ~/.ssh, and your Linode profile\'s keys are not listed (see the note): root logs in with the password')
          : l10n.t("Public keys for root's authorized_keys (from your Linode profile and ~/.ssh); none: log in with the password"),
        items,
        picked: (item) => item.choice !== undefined && (answers.keys === undefined || answers.keys.includes(item.choice)),
        matchOnDescription: true,
      });
      if (picked === undefined || picked === BACK) return picked;
      answers.keys = picked.flatMap((item) => (item.choice ? [item.choice] : []));
      return 'next';
    },
  };
}

/** Asked when the image has cloud-init and the region offers Metadata: none, a workspace file, or another file. */
export function userDataStep(prompts: UserPrompts, lookups: DeployLookups, regionOf: (answers: DeployAnswers) => Region | undefined): FlowStep<DeployAnswers> {
  let listed: Promise<UserDataItem[]> | undefined;
  return {
    when: (answers) => takesUserData(lookups.image, regionOf(answers)),
    async ask(answers, place) {
      const none: UserDataItem = { label: l10n.t('None'), description: l10n.t('the image as it is') };
      const picked = await prompts.pickStep<UserDataItem>({
        ...place,
        title: stepTitle(lookups.title, l10n.t('Cloud-Init User Data')),
        placeholder: l10n.t('"{0}" runs cloud-init: user data from a file configures the Linode on its first boot', lookups.image.label),
        items: async () => [
          none,
          ...(await (listed ??= userDataFiles())),
          { label: '', kind: vscode.QuickPickItemKind.Separator },
          { label: withIcon('folder-opened', l10n.t('Browse…')), description: l10n.t('a file outside the workspace'), browse: true },
        ],
        preselect: (item) => (answers.userData ? item.file?.toString() === answers.userData.file.toString() : answers.userData === null && item === none),
        matchOnDetail: true,
      });
      if (picked === undefined || picked === BACK) return picked;
      let file = picked.file;
      if (picked.browse) {
        file = (await prompts.openDialog({ title: lookups.title, openLabel: l10n.t('Use as User Data'), canSelectMany: false }))?.[0];
        if (!file) return 'again';
      }
      if (!file) {
        answers.userData = null;
        return 'next';
      }
      const bytes = await vscode.workspace.fs.readFile(file);
      if (bytes.byteLength > USER_DATA_MAX_BYTES) {
        void prompts.warning(l10n.t('{0} is {1} bytes; Linode takes user data of at most {2} bytes.', vscode.workspace.asRelativePath(file), bytes.byteLength, USER_DATA_MAX_BYTES));
        return 'again';
      }
      answers.userData = { file, base64: Buffer.from(bytes).toString('base64') };
      return 'next';
    },
  };
}

/** The workspace's likely user data files: YAML (#cloud-config), shell scripts, and files named for cloud-init. */
async function userDataFiles(): Promise<UserDataItem[]> {
  const found = await vscode.workspace.findFiles('**/{*.yaml,*.yml,*.sh,*.cfg,user-data*,*cloud-init*,*cloud-config*}', '**/node_modules/**', 200);
  return found
    .filter((uri) => uri.scheme === 'file')
    .map((uri): UserDataItem => {
      const relative = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      return { label: withIcon('file', relative.split('/').pop() ?? relative), detail: relative, file: uri };
    })
    .sort((a, b) => (a.detail ?? '').localeCompare(b.detail ?? ''));
}
