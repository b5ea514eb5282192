/**
 * validate_doc_update of each country's workshops database: only its facilitators and coordinators
 * (the roles in its _security) write, each as themselves. Self-contained ES5.
 */
export function validateWorkshopDoc(newDoc: any, _oldDoc: any, userCtx: any, secObj: any): void {
  var roles = (userCtx && userCtx.roles) || [];
  var writers = (secObj && secObj.members && secObj.members.roles) || [];
  var allowed = roles.indexOf('_admin') !== -1;
  for (var i = 0; i < writers.length; i++) if (roles.indexOf(writers[i]) !== -1) allowed = true;
  if (!allowed) throw { forbidden: "Only this country's facilitators and coordinators write workshop records." };
  if (newDoc._deleted) return;
  if (roles.indexOf('_admin') === -1 && newDoc.author !== userCtx.name) throw { forbidden: 'author must be your own user name.' };
  if (newDoc.type === 'cohort') {
    if (typeof newDoc.title !== 'string' || newDoc.title.trim().length === 0 || newDoc.title.length > 200) {
      throw { forbidden: 'title must be text of 1 to 200 characters.' };
    }
    return;
  }
  throw { forbidden: 'Unknown document type for a workshops database.' };
}
