import { COUNTRIES, parseDatabaseName, securityFor, userDbName } from '../couchdb/database-names';
import { sharedDatabases, userDatabase } from '../couchdb/databases';

describe('database names – one definition for the app, the gateway and provisioning', () => {
  it('reads every database provisioning creates, with the _security it is given', () => {
    for (const plan of [...sharedDatabases, userDatabase('ania'), userDatabase('Żaneta Łódź')]) {
      expect(parseDatabaseName(plan.name)).withContext(plan.name).not.toBeNull();
      expect(securityFor(plan.name)).withContext(plan.name).toEqual(plan.security);
    }
    // The catalog, authoring and the CPD reviews, and three per network.
    expect(sharedDatabases.length).toBe(3 + 3 * COUNTRIES.length);
  });

  it("names a user's database by the hex of the name's UTF-8, and reads the name back", () => {
    expect(userDbName('ania')).toBe('userdb-616e6961');
    expect(parseDatabaseName(userDbName('Żaneta'))).toEqual({ kind: 'userdb', owner: 'Żaneta' });
  });

  const refused = [
    'discussions-xx', // not a partner country
    'workshops-PL',
    'insights-pl ',
    'userdb-',
    'userdb-616E6961', // upper-case hex: another spelling of ania's database
    'userdb-c3', // half a UTF-8 sequence
    'userdb-61626',
    `userdb-${'61'.repeat(129)}`,
    '_users',
    'me2me-sessions',
    'catalog/',
    'Catalog',
    'cpd-reviews-pl',
    'CPD-reviews',
  ];
  for (const name of refused) {
    it(`is not one of ours: ${JSON.stringify(name.slice(0, 40))}`, () => {
      expect(parseDatabaseName(name)).toBeNull();
      expect(securityFor(name)).toBeNull();
    });
  }
});
