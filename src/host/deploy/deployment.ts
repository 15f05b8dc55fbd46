// What Deploy, Rebuild and Try share: the lookups their steps read (started at once, awaited when needed), the one
// confirmation that names the price, and the request body the answers make.
import type { LinodeClient } from '../../core/api/client';
import { LinodeApiError } from '../../core/api/errors';
import type { Image, LinodeCreateRequest, LinodeType, Price, Region } from '../../core/api/types';
import type { ImageStore } from '../../core/store/imageStore';
import { formatDollars } from '../../core/deploy/format';
import { l10n } from '../../core/l10n';
import { imageKind } from '../../core/model/imageKind';
import type { ImageSync } from '../../core/store/imageSync';
import type { Logger } from '../log';
import type { DeployAnswers, DeployLookups } from './deploySteps';
import { loadKeyChoices, type KeyAccess } from './sshKeyChoices';

/** Reads what the steps list: the regions from the store, the rest from Linode (plans and labels once per flow). */
export async function deployLookups(
  client: LinodeClient,
  logger: Logger,
  keyAccess: KeyAccess,
  what: { title: string; image: Image; regions: DeployLookups['regions'] },
): Promise<DeployLookups> {
  const { title, image, regions } = what;
  let plans: Promise<LinodeType[]> | undefined;
  let labels: Promise<ReadonlySet<string>> | undefined;
  const keys = await loadKeyChoices(client, logger, keyAccess);
  return {
    title,
    image,
    regions,
    keys,
    plans: () => (plans ??= client.listLinodeTypes()),
    takenLabels: () => (labels ??= client.listLinodes().then((linodes) => new Set(linodes.map((linode) => linode.label.toLowerCase())))),
  };
}

/** The regions as the store has them, or from Linode when it has none yet (a command run before the view loaded). */
export async function knownRegions(client: LinodeClient, store: ImageStore): Promise<ReadonlyMap<string, Region>> {
  const known = store.regionMap();
  if (known.size > 0) return known;
  return new Map((await client.listRegions()).map((region) => [region.id, region]));
}

/** "$0.0075 an hour (at most $5 a month)": what a Linode costs, for the one confirmation before it is made. */
export function costSentence(price: Price): string {
  return l10n.t('{0} an hour, at most {1} a month', formatDollars(price.hourly), formatDollars(price.monthly));
}

/** The body of POST /linode/instances as the answers make it (optional fields only when given). */
export function createRequest(image: Image, answers: Required<Pick<DeployAnswers, 'region' | 'plan' | 'label'>> & DeployAnswers, tags?: string[]): LinodeCreateRequest {
  const keys = (answers.keys ?? []).map((choice) => choice.key.line);
  return {
    region: answers.region.id,
    type: answers.plan.type.id,
    label: answers.label,
    image: image.id,
    root_pass: answers.password,
    ...(keys.length > 0 ? { authorized_keys: keys } : {}),
    booted: true,
    ...(tags && tags.length > 0 ? { tags } : {}),
    ...(answers.userData ? { metadata: { user_data: answers.userData.base64 } } : {}),
  };
}

/**
 * What to report when Linode refused a deployment. A `shared/` image the account no longer receives (its share group
 * dropped it, or the membership ended) is refused as any image the account cannot see, 400 on `image`, the same answer
 * as an image not in the region; a read of the image tells the two apart. Gone: a message that says so and that
 * nothing was made (`rebuilt`: that Linode was not touched), and the image leaves the view. Otherwise the refusal as
 * it came.
 */
export async function deploymentRefusal(
  client: LinodeClient,
  sync: Pick<ImageSync, 'imageGone'>,
  image: Image,
  error: unknown,
  rebuilt?: string,
): Promise<unknown> {
  if (imageKind(image) !== 'shared' || !(error instanceof LinodeApiError) || error.status !== 400 || error.reasonFor('image') === undefined) return error;
  try {
    await client.getImage(image.id);
    return error; // still there: refused for another reason, which Linode's words say
  } catch (readError) {
    if (!(readError instanceof LinodeApiError && readError.status === 404)) return error;
  }
  void sync.imageGone(image.id);
  return new Error(
    rebuilt === undefined
      ? l10n.t(
          '"{0}" ({1}) is no longer shared with this account: its share group no longer holds it, or this account is no longer a member. Linode refused it, and nothing was created.',
          image.label,
          image.id,
        )
      : l10n.t(
          '"{0}" ({1}) is no longer shared with this account: its share group no longer holds it, or this account is no longer a member. Linode refused it, and "{2}" was not changed.',
          image.label,
          image.id,
          rebuilt,
        ),
  );
}
