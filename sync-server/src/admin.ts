/**
 * The administrator's command line: `npm run admin -- <command> --option value ...`. It works on the
 * running server's store (or starts the embedded store itself when the server is stopped), or on the
 * Apache CouchDB named by COUCHDB_URL.
 */
import { parseArgs } from 'node:util';
import { COUNTRIES, type Country } from '../couchdb/database-names';
import { ensureAccount } from './auth/accounts';
import { createInvite } from './auth/invites';
import { passwordProblem } from './auth/password-policy';
import { couchRoles, ROLES, type Role } from './auth/roles';
import { ConfigError, loadConfig } from './config';
import { couchClient, isStatus, type Couch } from './couch/client';
import { mergeReports } from './couch/provision';
import { runningStoreUrl, startEmbeddedStore } from './couch/embedded-store';
import { provisionAll } from './provision-all';

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-account --name NAME --password PASSWORD --role ROLE --country CC
      Creates an account (for example a coordinator) with its private database.
  reset-password --name NAME --password PASSWORD
      Sets a new password; the user's sessions end.
  set-role --name NAME --role ROLE --country CC
      Gives an existing account a role in a country network.
  invite --role ROLE --country CC
      Prints an invitation code for sign-up with that role.

ROLE is one of ${ROLES.join(', ')}; CC is one of ${COUNTRIES.join(', ')}.
The store is the one in DATA_DIR (default ./data), or COUCHDB_URL when set.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, country: { type: 'string' } },
    strict: true,
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  const need = (key: keyof typeof values): string => {
    const value = values[key];
    if (!value) throw new UsageError(`--${key} is required for ${command}.`);
    return value;
  };
  const role = (): Role => {
    const value = need('role');
    if (!(ROLES as readonly string[]).includes(value)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}.`);
    return value as Role;
  };
  const country = (): Country => {
    const value = need('country');
    if (!(COUNTRIES as readonly string[]).includes(value)) throw new UsageError(`--country must be one of ${COUNTRIES.join(', ')}.`);
    return value as Country;
  };
  const password = (name: string): string => {
    const value = need('password');
    const problem = passwordProblem(value, name);
    if (problem) throw new UsageError(`--password: ${problem}`);
    return value;
  };

  const commands: Record<string, (couch: Couch) => Promise<string>> = {
    'create-account': async (couch) => {
      const name = need('name');
      const account = { name, password: password(name), roles: couchRoles(role(), country()) };
      const report = mergeReports();
      await ensureAccount(couch, account, report);
      return report.created.length > 0
        ? `Created ${name} (${account.roles.join(', ')}).`
        : `${name} exists already; roles are now ${account.roles.join(', ')}.`;
    },
    'reset-password': async (couch) => {
      const name = need('name');
      const users = couch.use<Record<string, unknown>>('_users');
      const user = await existingUser(couch, name);
      await users.insert({ ...user, password: password(name) });
      return `The password of ${name} is changed; their sessions have ended.`;
    },
    'set-role': async (couch) => {
      const name = need('name');
      const users = couch.use<Record<string, unknown>>('_users');
      const user = await existingUser(couch, name);
      const roles = couchRoles(role(), country());
      await users.insert({ ...user, roles });
      return `${name} now has the roles ${roles.join(', ')}.`;
    },
    invite: async (couch) => {
      const invite = await createInvite(couch, role(), country(), 'admin');
      const code = invite._id.replace(/^invite:/, '');
      return `Invitation code ${code} (${invite.role}, ${invite.country}), valid until ${invite.expiresAt}. Link: /sign-up?invite=${code}`;
    },
  };
  const run = commands[command];
  if (!run) throw new UsageError(`Unknown command "${command}".`);

  const config = loadConfig(process.env);
  if (config.couchUrl) {
    console.log(await run(couchClient(config.couchUrl)));
    return;
  }
  const running = await runningStoreUrl(config.dataDir);
  if (running) {
    console.log(await run(couchClient(running)));
    return;
  }
  const store = await startEmbeddedStore(config.dataDir);
  try {
    const couch = couchClient(store.url);
    await provisionAll(couch, config);
    console.log(await run(couch));
  } finally {
    await store.close();
  }
}

async function existingUser(couch: Couch, name: string): Promise<Record<string, unknown>> {
  return couch
    .use<Record<string, unknown>>('_users')
    .get(`org.couchdb.user:${name}`)
    .catch((error) => {
      if (isStatus(error, 404)) throw new UsageError(`There is no user called ${name}.`);
      throw error;
    });
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error('The command failed:', error);
  process.exit(1);
});
