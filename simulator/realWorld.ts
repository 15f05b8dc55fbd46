// The nulls the real API sends where the 4.189.0 spec promises values, as the recorded exchanges with
// api.linode.com show (../shared/linode-api/recorded/, TestImageSharing_Suite.yaml's GET /images): public images
// come with `regions: null` and no `total_size` (the spec: an array and an integer). Off by default, so the
// contract tests still hold the simulator to the spec; the `realWorldNulls` option or fault turns it on.

/** A copy of a JSON answer with the real API's nulls: every public image in it (alone, in a list, in a container). */
export function withRealWorldNulls(answer: unknown): unknown {
  if (Array.isArray(answer)) return answer.map(withRealWorldNulls);
  if (typeof answer !== 'object' || answer === null) return answer;
  const object = answer as Record<string, unknown>;
  if (typeof object.id === 'string' && object.is_public === true) {
    return { ...object, regions: null, total_size: null };
  }
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) copy[key] = key === 'data' || key === 'image' ? withRealWorldNulls(value) : value;
  return copy;
}
