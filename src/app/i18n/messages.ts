/** A message: plain text with {placeholders}, or plural forms chosen by {count}. */
export type Message = string | { one?: string; few?: string; many?: string; other: string };
export type Messages = Record<string, Message>;
export type Language = 'en' | 'pl' | 'lt' | 'hu' | 'ro' | 'cs' | 'fi';
