import { syncMarkerSchema } from '../sync-marker';
import type { RxJsonSchema } from 'rxdb';

export type CardKind = 'text' | 'image' | 'audio' | 'video' | 'quiz' | 'action';

export interface QuizOption {
  text: string;
  correct: boolean;
  feedback: string;
}

export type LessonCard =
  | { kind: 'text' | 'action'; title?: string; body: string }
  | { kind: 'image'; src: string; alt: string; caption?: string }
  | { kind: 'audio' | 'video'; src: string; title: string; transcript: string }
  | { kind: 'quiz'; question: string; multiple: boolean; options: QuizOption[] };

/** One document of the catalog database: a programme or a lesson. */
export interface CatalogEntry {
  id: string;
  type: 'programme' | 'lesson';
  title: string;
  summary: string;
  order: number;
  audience?: 'owner' | 'tutor';
  programmeId?: string;
  topic?: string;
  minutes?: number;
  language?: string;
  /** A translated lesson names the English lesson it was made from. */
  translationOf?: string;
  /** A programme's title and summary in the other languages. */
  translations?: Partial<Record<string, { title: string; summary: string }>>;
  cards?: LessonCard[];
}

export type Programme = CatalogEntry & { type: 'programme' };
export type Lesson = CatalogEntry & { type: 'lesson'; programmeId: string; cards: LessonCard[]; minutes: number };

export const catalogSchema = {
  title: 'catalog entry',
  description: 'Programmes and lessons, replicated read-only from the catalog database.',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 120 },
    type: { type: 'string', enum: ['programme', 'lesson'] },
    title: { type: 'string' },
    summary: { type: 'string' },
    order: { type: 'number' },
    audience: { type: 'string', enum: ['owner', 'tutor'] },
    programmeId: { type: 'string' },
    topic: { type: 'string' },
    minutes: { type: 'number' },
    language: { type: 'string' },
    translationOf: { type: 'string' },
    translations: { type: 'object' },
    cards: { type: 'array', items: { type: 'object' } },
    sync: syncMarkerSchema,
  },
  required: ['id', 'type', 'title', 'summary', 'order'],
} as unknown as RxJsonSchema<CatalogEntry>;
