import type { Lesson } from '../data/catalog-repository';

/**
 * The lessons offered to someone learning in `language`, in programme order: each lesson in that
 * language, or in English while it has no translation into it; lessons written in a third language
 * are not offered.
 */
export function lessonsIn(language: string, all: readonly Lesson[]): Lesson[] {
  const translated = new Set(
    all.filter((lesson) => lesson.language === language && lesson.translationOf).map((lesson) => lesson.translationOf),
  );
  return all
    .filter((lesson) => (lesson.language ?? 'en') === language || ((lesson.language ?? 'en') === 'en' && !translated.has(lesson.id)))
    .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
}
