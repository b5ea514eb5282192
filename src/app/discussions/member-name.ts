import { FORMER_MEMBER } from '../../../sync-server/couchdb/discussions/validate-doc-update';
import type { I18n } from '../i18n/i18n';

/** An author's name as shown: a deleted member's words stay, without their name. */
export function memberName(i18n: I18n, author: string): string {
  return author === FORMER_MEMBER ? i18n.t('thread.formerMember') : author;
}
