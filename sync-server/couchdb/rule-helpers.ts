/**
 * What every database rule uses, written once. CouchDB runs a rule from its source text alone, so
 * `designFunctionSource` puts this function's text beside the rule's in each design document; the
 * gateway and the app call the same rule with the same helpers, compiled. Self-contained ES5.
 */
export function ruleHelpers(): RuleHelpers {
  // CouchDB takes a refusal only as {forbidden: message} (another key makes it answer 500): the code
  // and its parameters ride along unseen by it, for the gateway and the app that run the same rule.
  function refusal(message: string, code: string, params?: object): object {
    var thrown = { forbidden: message };
    Object.defineProperty(thrown, 'code', { value: code });
    Object.defineProperty(thrown, 'params', { value: params || {} });
    return thrown;
  }
  // Every refusal has a stable code and its parameters beside the English text, for the app to say it in the member's language.
  function fail(code: string, message: string, params?: object): never {
    throw refusal(message, code, params);
  }
  // A real moment, not only its shape: 2026-99-99T99:99:99Z would sort after every true time for ever.
  function realTime(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) return false;
    var at = Date.parse(value);
    return !isNaN(at) && new Date(at).toISOString().slice(0, 19) === value.slice(0, 19);
  }
  return { refusal: refusal, fail: fail, realTime: realTime };
}

export interface RuleHelpers {
  refusal(message: string, code: string, params?: object): object;
  fail(code: string, message: string, params?: object): never;
  realTime(value: unknown): boolean;
}

/** A rule as written: CouchDB's validate_doc_update arguments, then the helpers and the rule's facts. */
export type Rule = (newDoc: any, oldDoc: any, userCtx: any, secObj: any, rules: RuleHelpers, facts: any) => void;

/** A rule as CouchDB calls it, with the rule as written and its facts kept for its design document. */
export interface ValidateDocUpdate {
  (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj?: unknown): void;
  readonly rule: Rule;
  readonly facts: object;
}

/**
 * `facts`: plain data the rule needs that TypeScript code elsewhere needs too (the kinds of cohort),
 * written once and stored in the rule's text as JSON, so the stored rule and the code never disagree.
 */
export function validateDocUpdate(rule: Rule, facts: object = {}): ValidateDocUpdate {
  const helpers = ruleHelpers();
  const frozen = JSON.parse(JSON.stringify(facts)) as object;
  return Object.assign(
    (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj?: unknown) => rule(newDoc, oldDoc, userCtx, secObj, helpers, frozen),
    { rule, facts: frozen },
  );
}
