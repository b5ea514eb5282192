import { validateDocUpdate, type RuleHelpers } from '../rule-helpers';

/**
 * The catalog's validate_doc_update. CouchDB runs it from its source text, so it must stay
 * self-contained ES5: no imports, no closures, no arrow functions, no template strings.
 */
function catalogRule(newDoc: any, oldDoc: any, userCtx: any, secObj: any, rules: RuleHelpers): void {
  var fail: RuleHelpers['fail'] = rules.fail;
  var roles = (userCtx && userCtx.roles) || [];
  var staff = roles.indexOf('_admin') !== -1 || roles.indexOf('tutor') !== -1;
  // Peer mentors' lessons reach the catalog through a tutor's review (the authoring database).
  if (!staff) fail('catalog.staffOnly', 'Only tutors and administrators may change the catalog.');
  if (newDoc._deleted) return;
  function text(value: any, field: string, max: number): void {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
      fail('field.text', field + ' must be text of 1 to ' + max + ' characters.', { field: field, max: max });
    }
  }
  function wholeNumber(value: any, field: string, min: number, max: number): void {
    if (typeof value !== 'number' || value % 1 !== 0 || value < min || value > max) {
      fail('field.wholeNumber', field + ' must be a whole number from ' + min + ' to ' + max + '.', { field: field, min: min, max: max });
    }
  }
  var languages = ['en', 'pl', 'lt', 'hu', 'ro', 'cs', 'fi'];

  if (newDoc.type === 'programme') {
    if (!/^programme:[a-z0-9-]{1,60}$/.test(newDoc._id))
      fail('field.invalid', 'A programme id looks like programme:toolbox.', { field: '_id' });
    text(newDoc.title, 'title', 120);
    text(newDoc.summary, 'summary', 400);
    if (['owner', 'tutor'].indexOf(newDoc.audience) === -1)
      fail('field.invalid', 'audience must be owner or tutor.', { field: 'audience' });
    wholeNumber(newDoc.order, 'order', 0, 1000);
    if (newDoc.translations !== undefined) {
      var t = newDoc.translations;
      if (!t || typeof t !== 'object' || Array.isArray(t))
        fail('field.invalid', 'translations must map languages to a title and summary.', { field: 'translations' });
      for (var language in t) {
        if (!Object.prototype.hasOwnProperty.call(t, language)) continue;
        if (language === 'en' || languages.indexOf(language) === -1)
          fail('field.invalid', 'translations must map languages to a title and summary.', { field: 'translations' });
        var translation = t[language];
        if (!translation || typeof translation !== 'object' || Object.keys(translation).length !== 2)
          fail('field.invalid', 'translations must map languages to a title and summary.', { field: 'translations' });
        text(translation.title, 'translations.' + language + '.title', 120);
        text(translation.summary, 'translations.' + language + '.summary', 400);
      }
    }
    return;
  }
  if (newDoc.type !== 'lesson')
    fail('field.invalid', 'Unknown document type; the catalog holds programmes and lessons.', { field: 'type' });

  if (!/^lesson:[a-z0-9-]{1,80}$/.test(newDoc._id))
    fail('field.invalid', 'A lesson id looks like lesson:cash-flow-basics.', { field: '_id' });
  if (typeof newDoc.programmeId !== 'string' || newDoc.programmeId.indexOf('programme:') !== 0) {
    fail('field.invalid', 'programmeId must name a programme.', { field: 'programmeId' });
  }
  text(newDoc.title, 'title', 120);
  text(newDoc.summary, 'summary', 400);
  text(newDoc.topic, 'topic', 40);
  wholeNumber(newDoc.minutes, 'minutes', 1, 10);
  wholeNumber(newDoc.order, 'order', 0, 1000);
  // Each publication of an edited lesson is a new version under the same id, so progress stays.
  if (newDoc.version !== undefined) wholeNumber(newDoc.version, 'version', 1, 1000000);
  if (languages.indexOf(newDoc.language) === -1)
    fail('field.invalid', 'language must be one of ' + languages.join(', ') + '.', { field: 'language' });
  // A translation names the lesson it was made from, so that the catalog can offer it in its place.
  if (newDoc.translationOf !== undefined) {
    if (
      typeof newDoc.translationOf !== 'string' ||
      !/^lesson:[a-z0-9-]{1,80}$/.test(newDoc.translationOf) ||
      newDoc.translationOf === newDoc._id
    ) {
      fail('field.invalid', 'translationOf must name another lesson.', { field: 'translationOf' });
    }
  }
  if (!Array.isArray(newDoc.cards) || newDoc.cards.length < 1 || newDoc.cards.length > 12) {
    fail('field.list', 'cards must be a list of 1 to 12 cards.', { field: 'cards', min: 1, max: 12 });
  }
  for (var i = 0; i < newDoc.cards.length; i++) {
    var card = newDoc.cards[i];
    var where = 'cards[' + i + ']';
    if (!card || typeof card !== 'object') fail('field.invalid', where + ' must be a card.', { field: where });
    if (card.kind === 'text' || card.kind === 'action') {
      if (card.title !== undefined) text(card.title, where + '.title', 120);
      text(card.body, where + '.body', 2000);
    } else if (card.kind === 'image') {
      if (typeof card.src !== 'string' || !/^media\/[a-z0-9-]+\.(webp|png|jpg|svg)$/.test(card.src)) {
        fail('field.invalid', where + '.src must name a file under media/.', { field: where + '.src' });
      }
      text(card.alt, where + '.alt', 400);
      if (card.caption !== undefined) text(card.caption, where + '.caption', 200);
    } else if (card.kind === 'audio' || card.kind === 'video') {
      var formats = card.kind === 'audio' ? 'm4a|mp3|ogg|opus|webm' : 'mp4|webm';
      if (typeof card.src !== 'string' || !new RegExp('^media/[a-z0-9-]+\\.(' + formats + ')$').test(card.src)) {
        fail('field.invalid', where + '.src must name a ' + formats.split('|').join(', ') + ' file under media/.', {
          field: where + '.src',
        });
      }
      text(card.title, where + '.title', 120);
      // Everything spoken is also written, for people who cannot listen and for screen readers.
      text(card.transcript, where + '.transcript', 3000);
    } else if (card.kind === 'quiz') {
      text(card.question, where + '.question', 400);
      if (typeof card.multiple !== 'boolean')
        fail('field.invalid', where + '.multiple must be true or false.', { field: where + '.multiple' });
      if (!Array.isArray(card.options) || card.options.length < 2 || card.options.length > 6) {
        fail('field.list', where + '.options must be a list of 2 to 6 options.', { field: where + '.options', min: 2, max: 6 });
      }
      var correct = 0;
      for (var j = 0; j < card.options.length; j++) {
        var option = card.options[j];
        if (!option || typeof option !== 'object')
          fail('field.invalid', where + '.options[' + j + '] must be an option.', { field: where + '.options[' + j + ']' });
        text(option.text, where + '.options[' + j + '].text', 300);
        text(option.feedback, where + '.options[' + j + '].feedback', 600);
        if (typeof option.correct !== 'boolean')
          fail('field.invalid', where + '.options[' + j + '].correct must be true or false.', {
            field: where + '.options[' + j + '].correct',
          });
        if (option.correct) correct++;
      }
      if (correct === 0 || (!card.multiple && correct !== 1)) {
        fail('quiz.correctOption', where + ' needs exactly one correct option, or at least one when multiple is true.', {
          field: where,
          card: i + 1,
        });
      }
    } else {
      fail('field.invalid', where + '.kind must be text, image, audio, video, quiz or action.', { field: where + '.kind' });
    }
  }
}

export const validateCatalogDoc = validateDocUpdate(catalogRule);
