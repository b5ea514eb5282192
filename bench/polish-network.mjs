// The Polish network's members and discussion, shared by the live, longpolls and memory figures.
import { median, RUN_TAG, signedUpMember, sleep } from './harness.mjs';

/**
 * Members of the Polish network (owners, who read `discussions-pl`), each with a session of their own
 * as every phone has: the server holds at most MEMBER_LONG_POLLS (20) long-polls per member and
 * instance, so one account cannot stand for many phones. Made before anything is measured, through
 * the public sign-up and sign-in, and shared by the figures (the first `count` of them).
 */
const plPools = new Map();
export async function plMembers(baseUrl, count) {
  const plPool = plPools.get(baseUrl) ?? [];
  plPools.set(baseUrl, plPool);
  let next = plPool.length;
  const started = performance.now();
  const make = async () => {
    while (next < count) {
      const index = next++;
      plPool[index] = await signedUpMember(baseUrl, `b${RUN_TAG}p${index}`, 'pl');
    }
  };
  // Four at a time: each sign-up hashes a password in the store and creates the member's database.
  const making = count - plPool.length;
  await Promise.all(Array.from({ length: 4 }, make));
  if (making > 0) console.log(`  (made ${making} members of the Polish network in ${((performance.now() - started) / 1000) | 0} s)`);
  return plPool.slice(0, count);
}

/** The Polish network's discussion database, as members address it. */
export const discussion = (baseUrl) => `${baseUrl}/couch/discussions-pl`;

/** A post by `author` (with their cookie); answers how long the write took, and when it began. */
export async function post(baseUrl, author, id, body) {
  const doc = { type: 'post', author: author.name, threadId: 'thread:benchthread', body, createdAt: new Date().toISOString() };
  const begin = performance.now();
  const response = await fetch(`${discussion(baseUrl)}/${id}`, {
    method: 'PUT',
    headers: { cookie: author.cookie, accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(doc),
  });
  if (response.status !== 201) throw new Error(`post refused: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
  return { begin, took: performance.now() - begin };
}

/** `count` posts one after another (`pauseMs` apart) with nothing else going on; answers the median round trip. */
export async function idleWrites(baseUrl, author, count, label, pauseMs = 0) {
  const took = [];
  for (let i = 0; i < count; i++) {
    took.push((await post(baseUrl, author, `post:${label}${Date.now().toString(36)}${i}`, `Idle benchmark post ${i}`)).took);
    await sleep(pauseMs);
  }
  return median(took);
}
