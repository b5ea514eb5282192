/**
 * validate_doc_update of each network's insights database (insights-<cc>): the server writes the
 * figures; tutors, facilitators and coordinators of the network only read them. Self-contained ES5.
 */
export function validateInsightsDoc(newDoc: any, oldDoc: any, userCtx: any): void {
  var roles = (userCtx && userCtx.roles) || [];
  if (roles.indexOf('_admin') === -1) {
    throw { forbidden: 'Insights are written by the server only.', code: 'rule.serverOnly', params: { field: 'insights' } };
  }
}
