/** A message: plain text with {placeholders}, or plural forms chosen by {count}. */
export type Message = string | { zero?: string; one?: string; two?: string; few?: string; many?: string; other: string };
export type Messages = Record<string, Message>;
export const LANGUAGES = ['en', 'pl', 'lt', 'hu', 'ro', 'cs', 'fi'] as const;
export type Language = (typeof LANGUAGES)[number];
