import { validateCatalogDoc } from '../../../sync-server/couchdb/catalog/validate-doc-update';
import { encodeRefusal, refusalOfThrown } from '../../../sync-server/couchdb/refusal';
import type { LessonDraft } from '../data/authoring-repository';
import type { LessonCard } from '../data/catalog-repository';

/** Something to finish before a draft can go to review or be published: an i18n key and its values. */
export interface DraftProblem {
  readonly key: string;
  readonly params?: Record<string, string | number>;
}

/** A lesson is 3 to 8 cards and at most 5 minutes: a bite, not a meal. */
export const CARD_RANGE = { min: 3, max: 8 } as const;
export const MAX_MINUTES = 5;

const blank = (value: string | undefined) => !value || value.trim().length === 0;

/** What is missing or wrong in a draft, in the order the author meets it on the screen. */
export function draftProblems(draft: LessonDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (blank(draft.title)) problems.push({ key: 'authoring.problem.title' });
  if (blank(draft.summary)) problems.push({ key: 'authoring.problem.summary' });
  if (draft.minutes > MAX_MINUTES) problems.push({ key: 'authoring.problem.minutes', params: { max: MAX_MINUTES } });
  if (draft.cards.length < CARD_RANGE.min || draft.cards.length > CARD_RANGE.max) {
    problems.push({ key: 'authoring.problem.cardCount', params: { ...CARD_RANGE, count: draft.cards.length } });
  }
  draft.cards.forEach((card, index) => problems.push(...cardProblems(card, index + 1)));
  if (problems.length > 0) return problems;
  // Everything the editor knows about is right: the catalog's own rule has the last word.
  try {
    const { id, cards, ...rest } = draft;
    validateCatalogDoc({ ...rest, _id: draft.lessonId, type: 'lesson', cards, order: 1 }, null, { name: draft.author, roles: ['tutor'] });
  } catch (refusal) {
    problems.push({ key: 'authoring.problem.other', params: { reason: encodeRefusal(refusalOfThrown(refusal)) } });
  }
  return problems;
}

function cardProblems(card: LessonCard, number: number): DraftProblem[] {
  const problem = (key: string) => ({ key: `authoring.problem.${key}`, params: { number } });
  switch (card.kind) {
    case 'text':
    case 'action':
      return blank(card.body) ? [problem('body')] : [];
    case 'image':
      return [...(blank(card.src) ? [problem('picture')] : []), ...(blank(card.alt) ? [problem('alt')] : [])];
    case 'audio':
    case 'video':
      return [
        ...(blank(card.src) ? [problem(card.kind === 'audio' ? 'recording' : 'clip')] : []),
        ...(blank(card.title) ? [problem('mediaTitle')] : []),
        ...(blank(card.transcript) ? [problem('transcript')] : []),
      ];
    case 'quiz': {
      const found: DraftProblem[] = [];
      if (blank(card.question)) found.push(problem('question'));
      if (card.options.length < 2) found.push(problem('options'));
      if (card.options.some((o) => blank(o.text) || blank(o.feedback))) found.push(problem('optionText'));
      const correct = card.options.filter((o) => o.correct).length;
      if (correct === 0 || (!card.multiple && correct > 1)) found.push(problem(card.multiple ? 'correctSome' : 'correctOne'));
      return found;
    }
  }
}
