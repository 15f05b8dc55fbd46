// An image shared with the simulator's main account (the one with Linodes), made the way two accounts make it over
// the API (v4beta, the `sharing` seed's accounts): sim-teammate makes a share group holding one of its images,
// sim-user asks for a membership token for it, and sim-teammate adds that token as a member.
import * as assert from 'node:assert/strict';
import { SIMULATOR_TEAMMATE_TOKEN, SIMULATOR_TOKEN } from '../../simulator';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';

export interface SharedWithMain {
  /** The `shared/NNNN` id sim-user receives. */
  sharedId: string;
  groupId: number;
  /** `DELETE` it as sim-teammate to revoke sim-user's membership. */
  memberPath: string;
}

/** Shares sim-teammate's `imageId` with sim-user under `label`; needs a simulator with the `sharing` seed's accounts. */
export async function shareWithMainAccount(apiUrl: string, imageId: string, label: string): Promise<SharedWithMain> {
  const ok = async (method: string, path: string, token: string, body: unknown): Promise<Record<string, unknown>> => {
    const response: RawResponse = await rawRequest(apiUrl, method, path, { token, body });
    assert.equal(response.status, 200, `${method} ${path}: ${response.text}`);
    return response.body as Record<string, unknown>;
  };
  const group = await ok('POST', '/v4beta/images/sharegroups', SIMULATOR_TEAMMATE_TOKEN, { label: "Teammate's images", images: [{ id: imageId, label }] });
  const groupPath = `/v4beta/images/sharegroups/${group.id as number}`;
  const listed = await rawRequest(apiUrl, 'GET', `${groupPath}/images`, { token: SIMULATOR_TEAMMATE_TOKEN });
  const [shared] = (listed.body as { data: Array<{ id: string }> }).data;
  assert.ok(shared, 'the group holds the image');
  const token = await ok('POST', '/v4beta/images/sharegroups/tokens', SIMULATOR_TOKEN, { label: 'from the teammate', valid_for_sharegroup_uuid: group.uuid });
  await ok('POST', `${groupPath}/members`, SIMULATOR_TEAMMATE_TOKEN, { token: token.token, label: 'sim-user' });
  return { sharedId: shared.id, groupId: group.id as number, memberPath: `${groupPath}/members/${token.token_uuid as string}` };
}
