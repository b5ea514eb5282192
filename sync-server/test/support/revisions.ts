import type { MemberClient } from './test-server';

/**
 * Waits until the store no longer gives an earlier revision of a document. The embedded store compacts
 * before it answers; Apache CouchDB compacts in the background and tells nobody when it is done, so
 * this asks again (for 15 s at most; the test's own expectations then say what is still there).
 */
export async function revisionGone(client: MemberClient, path: string, rev: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await client.request('GET', `${path}?rev=${rev}`)).status === 200 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
}
