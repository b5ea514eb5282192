import { TestBed } from '@angular/core/testing';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createAppDatabase, localDatabaseName } from './database';
import { LocalDatabase } from './local-database';
import { saveProgress } from './progress-repository';
import { idbRequest } from './salvage';
import { RX_STORAGE } from './storage';
import { StorageHealth } from './storage-health';

/** Changes what RxDB recorded about one collection's schema, as an interrupted upgrade could leave it. */
async function damageSchemaRecord(databaseName: string, collection: string): Promise<void> {
  const db = await idbRequest(indexedDB.open(`rxdb-dexie-${databaseName}--0--_rxdb_internal`));
  const store = db.transaction('docs', 'readwrite').objectStore('docs');
  const docs = (await idbRequest(store.getAll())) as { context: string; data: { name?: string; schemaHash: string; schema: unknown } }[];
  const record = docs.find((doc) => doc.context === 'collection' && doc.data.name === collection)!;
  record.data.schemaHash = 'damaged';
  record.data.schema = { title: 'damaged', version: 0 };
  await idbRequest(store.put(record));
  db.close();
}

describe('LocalDatabase on IndexedDB, when the saved data does not open', () => {
  const dexie = getRxStorageDexie();
  /** Set to make the browser's storage refuse for now, as it can when the disk is busy or locked. */
  let refusing = false;
  const refusingDexie: RxStorage<unknown, unknown> = {
    ...dexie,
    name: dexie.name,
    rxdbVersion: dexie.rxdbVersion,
    createStorageInstance: (params) =>
      refusing
        ? Promise.reject(new DOMException('Internal error.', 'UnknownError'))
        : (dexie.createStorageInstance(params as never) as never),
  };
  const storage = wrappedValidateAjvStorage({ storage: refusingDexie });
  let userName: string;
  let local: LocalDatabase;

  beforeEach(() => {
    userName = `salvage-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    TestBed.configureTestingModule({ providers: [{ provide: RX_STORAGE, useValue: storage }] });
    local = TestBed.inject(LocalDatabase);
  });
  afterEach(async () => {
    refusing = false;
    await local.remove();
  });

  async function savedData(): Promise<void> {
    const db = await createAppDatabase(localDatabaseName(userName), storage);
    await saveProgress(db, { lessonId: 'lesson:unsent', cardIndex: 4, status: 'started' });
    const now = new Date().toISOString();
    await db.discussion.insert({
      id: 'post:delivered01',
      type: 'post',
      author: userName,
      threadId: 'thread:abcdefgh',
      body: 'Already sent',
      createdAt: now,
      sync: { rev: '1-a', state: 'sent', label: 'outbox.reply', queuedAt: now, sentAt: now },
    } as never);
    await db.close();
  }

  it('opens undamaged data as it is, with nothing to report', async () => {
    await savedData();
    const db = await local.open(userName);
    expect((await db.discussion.findOne('post:delivered01').exec())?.get('body')).toBe('Already sent');
    expect(TestBed.inject(StorageHealth).rebuilt()).toBeNull();
  });

  it('rebuilds it, keeping the unsent work and leaving the delivered to come back from the server', async () => {
    await savedData();
    await damageSchemaRecord(localDatabaseName(userName), 'personal');
    await expectAsync(createAppDatabase(localDatabaseName(userName), storage)).toBeRejected();

    const db = await local.open(userName);
    expect((await db.personal.findOne('progress:lesson:unsent').exec())?.get('cardIndex')).toBe(4);
    expect((await db.personal.findOne('progress:lesson:unsent').exec())?.get('sync')?.state).toBe('waiting');
    expect(await db.discussion.findOne('post:delivered01').exec()).toBeNull();
    expect(TestBed.inject(StorageHealth).rebuilt()).toEqual({ kept: 1 });
    // It stays writable.
    await saveProgress(db, { lessonId: 'lesson:next', cardIndex: 1, status: 'started' });
    expect(await db.personal.findOne('progress:lesson:next').exec()).not.toBeNull();
  });

  it('never deletes anything when the browser refuses for a moment: it asks to try again', async () => {
    await savedData();
    refusing = true;
    await expectAsync(local.open(userName)).toBeRejected();
    expect(TestBed.inject(StorageHealth).unreadable()).toBeTrue();
    refusing = false;
    const db = await local.open(userName);
    expect((await db.personal.findOne('progress:lesson:unsent').exec())?.get('cardIndex')).toBe(4);
    expect((await db.discussion.findOne('post:delivered01').exec())?.get('body')).toBe('Already sent');
  });
});
