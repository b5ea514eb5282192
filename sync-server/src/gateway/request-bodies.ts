import type { BodyRule } from './allowed-requests';

/**
 * The shape each allowed request's JSON body must have. express-pouchdb trusts bodies and some wrong
 * shapes throw outside any handler (a _revs_diff value that is not a list ends the process), so the
 * gateway checks them first. Returns a reason, or null when the body fits.
 */
export function checkBody(rule: BodyRule, body: unknown): string | null {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const isStringList = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');

  switch (rule) {
    case 'none':
      return body === undefined ? null : 'This request takes no body.';
    case 'session':
      return isObject(body) && typeof body['name'] === 'string' && typeof body['password'] === 'string'
        ? null
        : 'Send {"name": "...", "password": "..."}.';
    case 'document':
      return isObject(body) ? null : 'A document must be a JSON object.';
    case 'bulk-docs':
      if (!isObject(body) || !Array.isArray(body['docs'])) return 'Send {"docs": [...]}.';
      if (!body['docs'].every(isObject)) return 'Every entry of docs must be a JSON object.';
      if (body['new_edits'] !== undefined && typeof body['new_edits'] !== 'boolean') return 'new_edits must be true or false.';
      return Object.keys(body).every((key) => key === 'docs' || key === 'new_edits') ? null : 'Only docs and new_edits are accepted.';
    case 'bulk-get':
      if (!isObject(body) || !Array.isArray(body['docs'])) return 'Send {"docs": [{"id": "..."}]}.';
      return body['docs'].every(
        (doc) =>
          isObject(doc) &&
          typeof doc['id'] === 'string' &&
          Object.keys(doc).every((key) => key === 'id' || (key === 'rev' && typeof doc['rev'] === 'string')),
      )
        ? null
        : 'Every entry of docs must be {"id": "...", "rev": "..."}.';
    case 'revs-diff':
      return isObject(body) && Object.values(body).every(isStringList) ? null : 'Send {"<doc id>": ["<rev>", ...]}.';
    case 'all-docs':
      if (!isObject(body)) return 'The body must be a JSON object.';
      if (body['keys'] !== undefined && !isStringList(body['keys'])) return 'keys must be a list of document ids.';
      if (body['doc_ids'] !== undefined && !isStringList(body['doc_ids'])) return 'doc_ids must be a list of document ids.';
      return Object.keys(body).every((key) => ['keys', 'doc_ids', 'include_docs', 'deleted', 'conflicts'].includes(key))
        ? null
        : 'Only keys, doc_ids, include_docs, deleted and conflicts are accepted.';
  }
}
