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
    ['TRUST_PROXY', 'yes please'],
    ['TRUST_PROXY', 'all'],
    ['TRUST_PROXY', '10.0.0.300'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.0/8/1'],
    ['TRUST_PROXY', 'loopback,,10.0.0.1'],
    ['TRUST_PROXY', 'fd00::/129'],
    ['MAX_CONNECTIONS', '0'],
    ['MAX_CONNECTIONS', 'lots'],
    ['HEADERS_TIMEOUT_SECONDS', '0'],
    ['KEEP_ALIVE_TIMEOUT_SECONDS', '0'],
    ['KEEP_ALIVE_TIMEOUT_SECONDS', '601'],
    ['REQUEST_TIMEOUT_SECONDS', '5'],
  ]) {
    it(`refuses ${variable}=${JSON.stringify(value)} and names the variable`, () => {
      expect(() => loadConfig({ [variable!]: value })).toThrowMatching(
        (error) => error instanceof ConfigError && error.variable === variable && error.message.startsWith(`${variable}:`),
      );
    });
  }

  it('trusts no proxy unless TRUST_PROXY names them: off, loopback, or addresses and CIDRs', () => {
    expect(loadConfig({}).trustProxy).toBeFalse();
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBeFalse();
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.5, 192.168.0.0/16,fd00::/8 ' }).trustProxy).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      'fd00::/8',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'loopback,10.0.0.5' }).trustProxy).toEqual(['loopback', '10.0.0.5']);
  });

  it('bounds connections and the time to send a request, with defaults', () => {
    const defaults = loadConfig({});
    expect(defaults.maxConnections).toBe(2000);
    expect(defaults.headersTimeoutMs).toBe(20_000);
    expect(defaults.requestTimeoutMs).toBe(120_000);
    expect(defaults.keepAliveTimeoutMs).toBe(5000);
    const set = loadConfig({
      MAX_CONNECTIONS: '50',
      HEADERS_TIMEOUT_SECONDS: '1',
      REQUEST_TIMEOUT_SECONDS: '2',
      KEEP_ALIVE_TIMEOUT_SECONDS: '65',
    });
    expect([set.maxConnections, set.headersTimeoutMs, set.requestTimeoutMs, set.keepAliveTimeoutMs]).toEqual([50, 1000, 2000, 65_000]);
  });

  it('stops the server at start with a message that names the variable', () => {
    const main = path.resolve(__dirname, '../src/main.js');
    const result = spawnSync(process.execPath, [main], { env: { ...process.env, PORT: 'abc' }, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT');
  });
});
