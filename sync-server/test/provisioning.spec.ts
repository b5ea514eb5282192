import { CATALOG_DB } from '../couchdb/database-names';
import { provisionAll } from '../src/provision-all';
import { readSeedCatalog } from '../src/seed/catalog-seed';
import { startTestServer, type TestServer } from './support/test-server';

describe('provisioning – databases, _security, design documents and seed – PUT /{db}, /{db}/_security, /{db}/{doc}', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('changes nothing when it runs a second time', async () => {
    const second = await provisionAll(server.couch, server.config);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged.length).toBeGreaterThan(10);
  });

  it('puts back a design document that was changed by hand, and only that one', async () => {
    const catalog = server.couch.use(CATALOG_DB);
    const design = await catalog.get('_design/validation');
    await catalog.insert({ ...design, validate_doc_update: 'function () {}' } as never);

    const report = await provisionAll(server.couch, server.config);
    expect(report.updated).toEqual([`${CATALOG_DB}/_design/validation`]);
    expect(report.created).toEqual([]);
    const restored = (await catalog.get('_design/validation')) as unknown as { validate_doc_update: string };
    expect(restored.validate_doc_update).toContain('Only tutors and administrators');
  });

  it('seeds every shipped programme and lesson into the catalog', async () => {
    const shipped = await readSeedCatalog();
    const stored = await server.couch.use(CATALOG_DB).list();
    const ids = stored.rows.map((row) => row.id);
    for (const doc of shipped) expect(ids).toContain(String(doc['_id']));
    expect(shipped.filter((doc) => doc['type'] === 'programme').length).toBe(3);
    expect(shipped.filter((doc) => doc['type'] === 'lesson').length).toBeGreaterThanOrEqual(6);
  });

  it('gives every demo account its private database readable by that account only', async () => {
    const security = await server.couch.request({ db: 'userdb-616e6961', path: '_security' });
    expect(security.members).toEqual({ names: ['ania'], roles: [] });
  });
});
