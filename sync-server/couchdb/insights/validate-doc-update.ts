import { validateDocUpdate, type RuleHelpers } from '../rule-helpers';

/**
 * validate_doc_update of each network's insights database (insights-<cc>): the server writes the
 * figures; tutors, facilitators and coordinators of the network only read them. Self-contained ES5.
 */
function insightsRule(newDoc: any, oldDoc: any, userCtx: any, secObj: any, rules: RuleHelpers): void {
  var refusal: RuleHelpers['refusal'] = rules.refusal;
  var roles = (userCtx && userCtx.roles) || [];
  if (roles.indexOf('_admin') === -1) {
    throw refusal('Insights are written by the server only.', 'rule.serverOnly', { field: 'insights' });
  }
}

export const validateInsightsDoc = validateDocUpdate(insightsRule);
