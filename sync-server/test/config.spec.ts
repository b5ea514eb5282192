import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';

describe('configuration – environment to frozen config', () => {
  it('has defaults that start the embedded store on port 8080', () => {
    const config = loadConfig({}, '/srv/me2me');
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('/srv/me2me/data');
    expect(config.couchUrl).toBeNull();
    expect(config.demoAccounts).toBeTrue();
    expect(Object.isFrozen(config)).toBeTrue();
  });

  it('takes an Apache CouchDB URL with credentials, and then seeds no demo accounts', () => {
    const config = loadConfig({ COUCHDB_URL: 'http://admin:secret@couch.internal:5984' });
    expect(config.couchUrl?.host).toBe('couch.internal:5984');
    expect(config.demoAccounts).toBeFalse();
  });

  for (const [variable, value] of [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['MAX_BODY_BYTES', '12'],
    ['DEMO_ACCOUNTS', 'maybe'],
    ['DATA_DIR', '  '],
    ['COUCHDB_URL', 'not a url'],
    ['COUCHDB_URL', 'ftp://a:b@host'],
    ['COUCHDB_URL', 'http://host:5984'],
  ]) {
    it(`refuses ${variable}=${JSON.stringify(value)} and names the variable`, () => {
      expect(() => loadConfig({ [variable!]: value })).toThrowMatching(
        (error) => error instanceof ConfigError && error.variable === variable && error.message.startsWith(`${variable}:`),
      );
    });
  }

  it('stops the server at start with a message that names the variable', () => {
    const main = path.resolve(__dirname, '../src/main.js');
    const result = spawnSync(process.execPath, [main], { env: { ...process.env, PORT: 'abc' }, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT');
  });
});
