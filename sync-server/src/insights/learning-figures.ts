/**
 * What a network's tutors learn about its owners' learning, as counts only: pure functions from each
 * owner's records to one owner's part, and from the parts of a network to its figures. No figure
 * about fewer than MIN_PEOPLE people leaves these functions as a number.
 */

/** Below this many people a figure is shown as "fewer than 5" (README, Insights). */
export const MIN_PEOPLE = 5;
export const FEWER = 'fewer-than-5';

/** A count, or FEWER when it is about too few people to show. */
export type Count = number | typeof FEWER;

interface ProgressRecord {
  readonly type: 'progress';
  readonly lessonId: string;
  readonly status: 'started' | 'completed';
  readonly startedAt?: unknown;
  readonly completedAt?: unknown;
  readonly answers?: Readonly<Record<string, readonly number[]>>;
}

/** One quiz question of the catalog: which options are right, and their text for the figures. */
export interface QuestionKey {
  readonly correct: readonly number[];
  readonly options: readonly string[];
}

/** What can count: the catalog's lessons, and its quiz questions by `<lesson id>#<card>`. */
export interface CatalogKey {
  readonly lessonIds: ReadonlySet<string>;
  readonly questions: ReadonlyMap<string, QuestionKey>;
}

/** What one owner contributes: which lessons they started or finished, how they answered, their needs and feedback. */
export interface OwnerPart {
  readonly lessons: Readonly<Record<string, 'started' | 'completed'>>;
  /** Whole minutes from opening a lesson to finishing it, for finished lessons whose record says both. */
  readonly minutes?: Readonly<Record<string, number>>;
  /** By `<lesson id>#<card>`: the wrong options ever chosen (empty: right every time). */
  readonly questions: Readonly<Record<string, readonly number[]>>;
  /** Confidence per topic in the latest check-in, and in the latest one at least three months before it. */
  readonly needs?: {
    readonly now: Readonly<Record<string, number>>;
    readonly before: Readonly<Record<string, number>> | null;
    readonly request?: string;
  };
  /** "Was this useful?" by lesson. */
  readonly feedback?: Readonly<Record<string, { readonly useful: boolean; readonly comment?: string }>>;
}

/** How far apart two check-ins must be for the older to count as "three months ago". */
export const QUARTER_DAYS = 75;

export interface TopicFigure {
  readonly topic: string;
  /** How many rated it now, and how many gave 1, 2, 3, 4 and 5; FEWER for fewer than five. */
  readonly now: { readonly answered: Count; readonly levels: readonly number[] | typeof FEWER };
  readonly before: { readonly answered: Count; readonly levels: readonly number[] | typeof FEWER };
}

export interface UsefulnessFigure {
  readonly lessonId: string;
  readonly ratings: Count;
  readonly useful: Count;
  /** The comments, with no names, once five people rated the lesson. */
  readonly comments: readonly string[];
}

export interface NeedsFigures {
  readonly answered: Count;
  readonly topics: readonly TopicFigure[];
  /** Topics asked for in owners' own words, once five owners answered (sorted, so their order says nothing). */
  readonly requests: readonly string[];
  readonly usefulness: readonly UsefulnessFigure[];
}

export interface LessonFigure {
  readonly lessonId: string;
  readonly starts: Count;
  readonly completions: Count;
  /** The median of whole minutes from opening to finishing, once five who finished it say both; else FEWER. */
  readonly medianMinutes: Count;
}

export interface QuestionFigure {
  readonly lessonId: string;
  readonly card: number;
  readonly answered: number;
  /** Share (0–1) of those who answered who chose a wrong option at least once. */
  readonly missShare: number;
  /** The wrong option most chosen, when at least MIN_PEOPLE chose it. */
  readonly commonWrong: { readonly option: number; readonly text: string; readonly people: number } | null;
}

export interface LearningFigures {
  readonly owners: Count;
  readonly lessons: readonly LessonFigure[];
  /** Questions answered by at least MIN_PEOPLE, hardest first. */
  readonly questions: readonly QuestionFigure[];
}

/**
 * One owner's part, from the documents of their private database. Only lessons of the catalog count:
 * a record of anything else (made up, or a lesson withdrawn) is no one's learning and would only
 * make the figures larger.
 */
export function ownerPart(docs: readonly Record<string, unknown>[], catalog: CatalogKey): OwnerPart {
  const inCatalog = (lessonId: unknown): lessonId is string => typeof lessonId === 'string' && catalog.lessonIds.has(lessonId);
  const lessons: Record<string, 'started' | 'completed'> = {};
  const minutes: Record<string, number> = {};
  const answered: Record<string, number[]> = {};
  for (const doc of docs) {
    if (doc['type'] !== 'progress' || !inCatalog(doc['lessonId'])) continue;
    const progress = doc as unknown as ProgressRecord;
    lessons[progress.lessonId] = progress.status === 'completed' ? 'completed' : 'started';
    const took = progress.status === 'completed' ? minutesBetween(progress.startedAt, progress.completedAt) : null;
    if (took !== null) minutes[progress.lessonId] = took;
    for (const [card, chosen] of Object.entries(progress.answers ?? {})) {
      const key = catalog.questions.get(`${progress.lessonId}#${card}`);
      if (!key || !Array.isArray(chosen)) continue;
      answered[`${progress.lessonId}#${card}`] = [...new Set(chosen.filter((option) => !key.correct.includes(option)))].sort(
        (a, b) => a - b,
      );
    }
  }
  const checkIns = docs
    .filter((doc) => doc['type'] === 'needs' && Number.isFinite(dayOf(doc)) && doc['ratings'] && typeof doc['ratings'] === 'object')
    .sort((a, b) => String(b['_id']).localeCompare(String(a['_id'])));
  const latest = checkIns[0];
  const earlier = latest && checkIns.find((doc) => dayOf(latest) - dayOf(doc) >= QUARTER_DAYS * 86_400_000);
  const needs = latest
    ? {
        now: latest['ratings'] as Record<string, number>,
        before: earlier ? (earlier['ratings'] as Record<string, number>) : null,
        ...(typeof latest['request'] === 'string' && latest['request'].trim() ? { request: latest['request'].trim() } : {}),
      }
    : undefined;
  const feedback: Record<string, { useful: boolean; comment?: string }> = {};
  for (const doc of docs) {
    if (doc['type'] !== 'feedback' || !inCatalog(doc['lessonId']) || typeof doc['useful'] !== 'boolean') continue;
    feedback[doc['lessonId']] = {
      useful: doc['useful'],
      ...(typeof doc['comment'] === 'string' && doc['comment'].trim() ? { comment: doc['comment'].trim() } : {}),
    };
  }
  return {
    lessons,
    ...(Object.keys(minutes).length > 0 ? { minutes } : {}),
    questions: answered,
    ...(needs ? { needs } : {}),
    ...(Object.keys(feedback).length > 0 ? { feedback } : {}),
  };
}

/**
 * Whole minutes from `from` to `to`, two UTC times; null when either is missing or they are the wrong
 * way round (a phone's clock set back while reading). A day's pause in a lesson counts: the median
 * keeps the few who came back days later from moving the figure.
 */
function minutesBetween(from: unknown, to: unknown): number | null {
  const start = typeof from === 'string' ? Date.parse(from) : NaN;
  const end = typeof to === 'string' ? Date.parse(to) : NaN;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return null;
  return Math.round((end - start) / 60_000);
}

/** The median of some numbers, rounded to whole minutes (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** The day of a needs check-in (`needs:<date>`), as a time; NaN for an id that is not one. */
function dayOf(doc: Record<string, unknown>): number {
  const day = /^needs:(\d{4}-\d\d-\d\d)$/.exec(String(doc['_id']))?.[1];
  return day ? Date.parse(`${day}T00:00:00Z`) : NaN;
}

/** A network's needs and usefulness figures from its owners' parts (usefulness of the catalog's lessons only). */
export function needsFigures(parts: readonly OwnerPart[], topics: readonly string[], catalog: CatalogKey): NeedsFigures {
  const answeredNow = parts.filter((part) => part.needs);
  const levelsOf = (ratings: readonly Readonly<Record<string, number>>[], topic: string) => {
    const given = ratings.map((r) => r[topic]).filter((level): level is number => typeof level === 'number');
    return {
      answered: shown(given.length),
      levels: given.length >= MIN_PEOPLE ? [1, 2, 3, 4, 5].map((level) => given.filter((g) => g === level).length) : FEWER,
    } as const;
  };
  const now = answeredNow.map((part) => part.needs!.now);
  const before = answeredNow.map((part) => part.needs!.before).filter((r): r is Readonly<Record<string, number>> => r !== null);
  const requests =
    answeredNow.length >= MIN_PEOPLE ? answeredNow.flatMap((part) => (part.needs!.request ? [part.needs!.request] : [])).sort() : [];

  const byLesson = new Map<string, { useful: boolean; comment?: string }[]>();
  for (const part of parts) {
    for (const [lessonId, answer] of Object.entries(part.feedback ?? {}))
      if (catalog.lessonIds.has(lessonId)) byLesson.set(lessonId, [...(byLesson.get(lessonId) ?? []), answer]);
  }
  const usefulness = [...byLesson.keys()].sort().map((lessonId) => {
    const answers = byLesson.get(lessonId)!;
    return {
      lessonId,
      ratings: shown(answers.length),
      useful: answers.length >= MIN_PEOPLE ? answers.filter((a) => a.useful).length : FEWER,
      comments: answers.length >= MIN_PEOPLE ? answers.flatMap((a) => (a.comment ? [a.comment] : [])).sort() : [],
    } as UsefulnessFigure;
  });
  return {
    answered: shown(answeredNow.length),
    topics: topics.map((topic) => ({ topic, now: levelsOf(now, topic), before: levelsOf(before, topic) })),
    requests,
    usefulness,
  };
}

const shown = (count: number): Count => (count >= MIN_PEOPLE ? count : FEWER);

/** A network's figures from its owners' parts (the catalog's lessons only). */
export function learningFigures(parts: readonly OwnerPart[], catalog: CatalogKey): LearningFigures {
  const starts = new Map<string, number>();
  const completions = new Map<string, number>();
  const durations = new Map<string, number[]>();
  for (const part of parts) {
    for (const [lessonId, status] of Object.entries(part.lessons)) {
      if (!catalog.lessonIds.has(lessonId)) continue;
      starts.set(lessonId, (starts.get(lessonId) ?? 0) + 1);
      if (status !== 'completed') continue;
      completions.set(lessonId, (completions.get(lessonId) ?? 0) + 1);
      const took = part.minutes?.[lessonId];
      if (typeof took === 'number') durations.set(lessonId, [...(durations.get(lessonId) ?? []), took]);
    }
  }
  const lessons = [...starts.keys()].sort().map((lessonId): LessonFigure => {
    const took = durations.get(lessonId) ?? [];
    return {
      lessonId,
      starts: shown(starts.get(lessonId) ?? 0),
      completions: shown(completions.get(lessonId) ?? 0),
      medianMinutes: took.length >= MIN_PEOPLE ? median(took) : FEWER,
    };
  });

  const figures: QuestionFigure[] = [];
  for (const [key, question] of catalog.questions) {
    const answers = parts.map((part) => part.questions[key]).filter((wrong): wrong is readonly number[] => wrong !== undefined);
    if (answers.length < MIN_PEOPLE) continue;
    const wrongCounts = new Map<number, number>();
    answers.forEach((wrong) => wrong.forEach((option) => wrongCounts.set(option, (wrongCounts.get(option) ?? 0) + 1)));
    const [option, people] = [...wrongCounts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [0, 0];
    const [lessonId, card] = key.split('#') as [string, string];
    figures.push({
      lessonId,
      card: Number(card),
      answered: answers.length,
      missShare: Math.round((answers.filter((wrong) => wrong.length > 0).length / answers.length) * 100) / 100,
      commonWrong: people >= MIN_PEOPLE ? { option, text: question.options[option] ?? '', people } : null,
    });
  }
  figures.sort((a, b) => b.missShare - a.missShare || a.lessonId.localeCompare(b.lessonId) || a.card - b.card);
  const learners = parts.filter((part) => Object.keys(part.lessons).some((lessonId) => catalog.lessonIds.has(lessonId)));
  return { owners: shown(learners.length), lessons, questions: figures };
}

/** The catalog's lesson ids and quiz questions, from its lesson documents. */
export function catalogKeyOf(lessons: readonly Record<string, unknown>[]): CatalogKey {
  const questions = new Map<string, QuestionKey>();
  for (const lesson of lessons) {
    const cards = Array.isArray(lesson['cards']) ? (lesson['cards'] as Record<string, unknown>[]) : [];
    cards.forEach((card, index) => {
      if (card['kind'] !== 'quiz' || !Array.isArray(card['options'])) return;
      const options = card['options'] as { text?: unknown; correct?: unknown }[];
      questions.set(`${String(lesson['_id'])}#${index}`, {
        correct: options.flatMap((option, i) => (option.correct === true ? [i] : [])),
        options: options.map((option) => String(option.text ?? '')),
      });
    });
  }
  return { lessonIds: new Set(lessons.map((lesson) => String(lesson['_id']))), questions };
}
