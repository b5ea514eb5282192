import { startTestServer, type TestServer } from './support/test-server';

/**
 * The admin client the server reads and writes with. nano sends an id that begins with "_design" or
 * holds "_local" anywhere without encoding it; ids come from members (a cohort named in a mark, an
 * owner named in an enrolment, a lesson id in a draft), so such an id must still name one document of
 * the database it was asked of, never another path of the store read with admin rights.
 */
describe('couch client – document ids reach exactly one document of the named database', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    await server.couch.db.create('couch-client-test');
  });
  afterAll(async () => server.close());

  const walkouts = [
    'x_local/../../_users/org.couchdb.user:ania',
    'cohort:x_local/../../_users/_all_docs',
    'org.couchdb.user:a_local/../../../me2me-sessions/_all_docs',
    '_design/../../_users/_all_docs',
    'a_local?rev=1',
    'a_local#b',
  ];

  for (const id of walkouts) {
    it(`reads ${JSON.stringify(id)} as a missing document of its database`, async () => {
      const read = server.couch.use('catalog').get(id);
      await expectAsync(read).toBeRejectedWith(jasmine.objectContaining({ statusCode: 404 }));
      await expectAsync(server.couch.use('catalog').head(id)).toBeRejected();
      await expectAsync(server.couch.use('catalog').destroy(id, '1-0123456789abcdef0123456789abcdef')).toBeRejected();
    });
  }

  it('stores and reads back a document whose id holds "_local" and a slash, under that id', async () => {
    const catalog = server.couch.use<{ note: string }>('couch-client-test');
    const id = 'note:a_local/b?c#d';
    const { rev } = await catalog.insert({ _id: id, note: 'kept' } as never);
    expect((await catalog.get(id)).note).toBe('kept');
    expect((await catalog.list({ keys: [id] })).rows[0]!.id).toBe(id);
    const again = await catalog.insert({ _id: id, _rev: rev, note: 'kept twice' } as never, id);
    expect((await catalog.get(id)).note).toBe('kept twice');
    await catalog.destroy(id, again.rev);
    await expectAsync(catalog.get(id)).toBeRejectedWith(jasmine.objectContaining({ statusCode: 404 }));
  });

  it('still reads design documents and checkpoints by their ids', async () => {
    const design = await server.couch.use<{ _id: string }>('catalog').get('_design/validation');
    expect(design._id).toBe('_design/validation');
  });
});
