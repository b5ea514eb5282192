import type { Lesson, LessonCard } from '../data/catalog-repository';

/** Lower case without accents, so "zaplata" finds "zapłata" and "Cafe" finds "Café". */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'l')
    .toLowerCase();
}

function cardText(card: LessonCard): string {
  switch (card.kind) {
    case 'text':
    case 'action':
      return `${card.title ?? ''} ${card.body}`;
    case 'image':
      return `${card.alt} ${card.caption ?? ''}`;
    case 'audio':
    case 'video':
      return `${card.title} ${card.transcript}`;
    case 'quiz':
      return `${card.question} ${card.options.map((o) => o.text).join(' ')}`;
  }
}

/**
 * Lessons on the device matching every word of the query, best first: a word in the title counts
 * most, then the topic and summary, then the cards. Runs in memory, so it works offline.
 */
export function searchLessons(query: string, lessons: readonly Lesson[]): Lesson[] {
  const words = normalise(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1);
  if (words.length === 0) return [];
  return lessons
    .map((lesson) => {
      const title = normalise(lesson.title);
      const about = normalise(`${lesson.topic ?? ''} ${lesson.summary}`);
      const body = normalise(lesson.cards.map(cardText).join(' '));
      let score = 0;
      for (const word of words) {
        const points = (title.includes(word) ? 5 : 0) + (about.includes(word) ? 2 : 0) + (body.includes(word) ? 1 : 0);
        if (points === 0) return { lesson, score: 0 };
        score += points;
      }
      return { lesson, score };
    })
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score || a.lesson.title.localeCompare(b.lesson.title))
    .map((hit) => hit.lesson);
}
