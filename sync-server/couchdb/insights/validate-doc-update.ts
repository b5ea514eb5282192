/**
 * validate_doc_update of each network's insights database (insights-<cc>): the server writes the
 * figures; tutors, facilitators and coordinators of the network only read them. Self-contained ES5.
 */
export function validateInsightsDoc(newDoc: any, oldDoc: any, userCtx: any): void {
  // CouchDB takes a refusal only as {forbidden: message} (another key makes it answer 500): the code
  // and its parameters ride along unseen by it, for the gateway and the app that run the same rule.
  function refusal(message: string, code: string, params?: object): object {
    var thrown = { forbidden: message };
    Object.defineProperty(thrown, 'code', { value: code });
    Object.defineProperty(thrown, 'params', { value: params || {} });
    return thrown;
  }
  var roles = (userCtx && userCtx.roles) || [];
  if (roles.indexOf('_admin') === -1) {
    throw refusal('Insights are written by the server only.', 'rule.serverOnly', { field: 'insights' });
  }
}
