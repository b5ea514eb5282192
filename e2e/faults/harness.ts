import { startSyncServer, type RunningServer } from '../sync-server';
import { catalogLessons, FACILITATORS, MEMBERS, prepareSharedWork, TUTOR } from './cast';
import { Device } from './device';
import { MemberWork } from './member-work';
import type { FaultKind, Report } from './report';
import { ServerView } from './server-view';
import { convergence, deliveries, refusalsShown } from './tally';

export { expectNothingLost, formatReport } from './report';

/**
 * The fault-injection harness: members on their own phones do real work through the app (attendance
 * marks, posts, lessons; member-work.ts) while the harness takes phones offline and online, closes and
 * reopens the app, ends sessions and SIGKILLs the sync server. At the end, with everyone back online,
 * every write must be on the server exactly once and every phone must hold exactly the server's view
 * of what its member may read (tally.ts).
 */

export interface HarnessOptions {
  /** How long members work and faults happen, in milliseconds. */
  readonly duration: number;
  readonly seed: number;
  readonly log: (line: string) => void;
  /**
   * Apache CouchDB as the server's store, killed (SIGKILL) and started again during the run beside
   * the server kills; without it the server runs on its embedded store.
   */
  readonly couchDb?: StoreNode;
}

/** A store the harness can kill and start again on the same data. */
export interface StoreNode {
  readonly url: string;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export async function runHarness(options: HarnessOptions): Promise<Report> {
  const rand = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const log = options.log;

  // On CouchDB the demo accounts are asked for, as the embedded store makes them by default.
  const storeEnv: Record<string, string> = options.couchDb ? { COUCHDB_URL: options.couchDb.url, DEMO_ACCOUNTS: 'on' } : {};
  let server: RunningServer = await startSyncServer({ crashable: true, env: storeEnv });
  const { dataDir, port, baseUrl } = server;
  let serverUp = true;
  let restarting: Promise<void> | null = null;
  let storeRestarting: Promise<void> | null = null;
  const view = new ServerView(baseUrl);

  const devices = new Map<string, Device>();
  let work: MemberWork;
  try {
    await prepareSharedWork(baseUrl, view);
    for (const member of MEMBERS) {
      devices.set(member.name, await Device.signedIn(member, baseUrl));
      log(`${member.name}'s phone is signed in`);
    }
    work = new MemberWork(pick, log, await catalogLessons(view));
  } catch (error) {
    await cleanUp();
    throw error;
  }

  async function cleanUp(): Promise<void> {
    await (restarting as Promise<void> | null)?.catch(() => undefined);
    await (storeRestarting as Promise<void> | null)?.catch(() => undefined);
    for (const device of devices.values()) await device.close().catch(() => undefined);
    await server.stop();
  }

  const faults: Record<FaultKind, number> = {
    offline: 0,
    online: 0,
    'app-restart': 0,
    'session-expired': 0,
    'server-killed': 0,
    'store-killed': 0,
  };
  const expired = new Set<string>();

  const crashServer = async () => {
    serverUp = false;
    faults['server-killed'] += 1;
    await server.crash();
    const downFor = 2000 + rand() * 8000;
    log(`sync server killed (SIGKILL); back in ${(downFor / 1000).toFixed(1)} s`);
    restarting = new Promise<void>((resolve) => setTimeout(resolve, downFor))
      .then(() => startSyncServer({ crashable: true, dataDir, port, env: storeEnv }))
      .then((next) => {
        server = next;
        serverUp = true;
        restarting = null;
        log('sync server started again');
      });
  };

  /** CouchDB's node killed under the running server, started again on its data a few seconds later. */
  const killStore = async (couchDb: StoreNode) => {
    faults['store-killed'] += 1;
    await couchDb.kill();
    const downFor = 2000 + rand() * 8000;
    log(`CouchDB killed (SIGKILL); back in ${(downFor / 1000).toFixed(1)} s`);
    storeRestarting = new Promise<void>((resolve) => setTimeout(resolve, downFor))
      .then(() => couchDb.restart())
      .then(() => {
        storeRestarting = null;
        log('CouchDB started again');
      });
  };

  try {
    return await runSteps();
  } catch (error) {
    for (const device of devices.values()) {
      if (device.problems.length) log(`${device.member.name}'s app reported:\n    ${device.problems.slice(-15).join('\n    ')}`);
    }
    throw error;
  } finally {
    await cleanUp();
  }

  async function runSteps(): Promise<Report> {
    const started = Date.now();
    const serverKillEvery = Math.max(30_000, options.duration / 4);
    let nextKill = started + serverKillEvery / 2;
    let nextStoreKill = started + serverKillEvery;
    const storeKillOwed = () => options.couchDb !== undefined && faults['store-killed'] === 0;
    let steps = 0;
    // Every kind of fault happens at least once, even in the short form.
    const owed: FaultKind[] = ['offline', 'app-restart', 'session-expired'];
    while (Date.now() - started < options.duration || owed.length > 0 || faults['server-killed'] === 0 || storeKillOwed()) {
      steps += 1;
      // A server starting again needs its store (it provisions first): the two kills never overlap.
      if (serverUp && !restarting && !storeRestarting && Date.now() >= nextKill) {
        await crashServer();
        nextKill = Date.now() + serverKillEvery * (0.5 + rand());
      }
      if (options.couchDb && serverUp && !restarting && !storeRestarting && Date.now() >= nextStoreKill) {
        await killStore(options.couchDb);
        nextStoreKill = Date.now() + serverKillEvery * (0.5 + rand());
      }
      const device = devices.get(pick(MEMBERS).name)!;
      const name = device.member.name;
      const roll = rand();
      const fault: FaultKind | null =
        owed.length > 0 && roll < 0.3
          ? owed.shift()!
          : roll < 0.12
            ? device.offline
              ? 'online'
              : 'offline'
            : roll < 0.16
              ? 'app-restart'
              : roll < 0.19
                ? 'session-expired'
                : null;
      if (fault === 'offline' || fault === 'online') {
        await device.setOffline(fault === 'offline');
        faults[fault] += 1;
        log(`${name} goes ${fault}`);
        continue;
      }
      if (fault === 'app-restart') {
        await device.restart();
        faults[fault] += 1;
        log(`${name}'s app closed and opened again${device.offline ? ' (offline)' : ''}`);
        continue;
      }
      if (fault === 'session-expired') {
        await device.expireSession();
        expired.add(name);
        faults[fault] += 1;
        log(`${name}'s session expired`);
        continue;
      }
      // A member whose session ended signs in again once they have a network (the app asks them to).
      if (expired.has(name) && !device.offline && serverUp && !restarting && !storeRestarting) {
        await device.signInAgain();
        expired.delete(name);
        log(`${name} signs in again`);
        continue;
      }
      if (FACILITATORS.includes(device.member)) await work.mark(device);
      else if (device.member === TUTOR) await work.post(device);
      else {
        const task = rand();
        if (task < 0.08) await work.post(device, true);
        else if (task < 0.5) await work.post(device);
        else await work.lesson(device);
      }
    }
    log(`${steps} steps in ${((Date.now() - started) / 1000).toFixed(0)} s; everyone back online`);

    // Everyone back: the server runs, phones are online, sessions are renewed.
    await restarting;
    await storeRestarting;
    for (const device of devices.values()) if (device.offline) await device.setOffline(false);
    for (const name of expired) await devices.get(name)!.signInAgain();

    const divergence = await convergence(devices, view, log);
    const { lost, duplicated, arrived, refusedOnServer } = await deliveries(work, view);
    const shownAsRefused = await refusalsShown(devices);

    return {
      seed: options.seed,
      steps,
      made: work.made,
      arrived,
      lost,
      duplicated,
      refused: { made: work.refusedPosts.length, onServer: refusedOnServer, shownAsRefused },
      faults,
      missedTaps: work.missedTaps,
      divergence,
    };
  }
}

/** Seeded, so that a run can be repeated with SOAK_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
