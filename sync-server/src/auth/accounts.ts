import { userDatabase } from '../../couchdb/databases';
import { isStatus, type Couch } from '../couch/client';
import { mergeReports, provision, type ProvisionReport } from '../couch/provision';

export interface Account {
  readonly name: string;
  readonly password: string;
  readonly roles: readonly string[];
}

interface UserDoc {
  _id: string;
  _rev?: string;
  name: string;
  type: 'user';
  roles: string[];
  password?: string;
}

/**
 * Creates the CouchDB user and its private database if missing. An existing user keeps its
 * password; only a change of roles is written.
 */
export async function ensureAccount(couch: Couch, account: Account, report: ProvisionReport): Promise<void> {
  const users = couch.use<UserDoc>('_users');
  const id = `org.couchdb.user:${account.name}`;
  const roles = [...account.roles];
  // 409: another instance starting at the same moment wrote the account first; read it again and go on.
  for (let attempt = 1; ; attempt++) {
    let stored: UserDoc | null = null;
    try {
      stored = await users.get(id);
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
    try {
      if (!stored) {
        await users.insert({ _id: id, name: account.name, type: 'user', roles, password: account.password });
        report.created.push(`_users/${id}`);
      } else if (stored.roles.join() !== roles.join()) {
        await users.insert({ ...stored, roles });
        report.updated.push(`_users/${id}`);
      } else {
        report.unchanged.push(`_users/${id}`);
      }
      break;
    } catch (error) {
      if (!isStatus(error, 409) || attempt >= 3) throw error;
    }
  }
  const database = await provision(couch, [userDatabase(account.name)]);
  Object.assign(report, mergeReports(report, database));
}
