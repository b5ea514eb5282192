import type { RxJsonSchema } from 'rxdb';
import { syncMarkerSchema } from '../sync-marker';

/** A count, or "fewer-than-5" when it is about too few people to show (the server never sends those numbers). */
export type Count = number | 'fewer-than-5';

export interface TopicFigure {
  readonly topic: string;
  readonly now: { readonly answered: Count; readonly levels: readonly number[] | 'fewer-than-5' };
  readonly before: { readonly answered: Count; readonly levels: readonly number[] | 'fewer-than-5' };
}

export interface NeedsFigures {
  readonly answered: Count;
  readonly topics: readonly TopicFigure[];
  readonly requests: readonly string[];
  readonly usefulness: readonly {
    readonly lessonId: string;
    readonly ratings: Count;
    readonly useful: Count;
    readonly comments: readonly string[];
  }[];
}

export interface LearningFigures {
  readonly owners: Count;
  readonly lessons: readonly {
    readonly lessonId: string;
    readonly starts: Count;
    readonly completions: Count;
    /** Median whole minutes from opening to finishing (absent in figures published before it was counted). */
    readonly medianMinutes?: Count;
  }[];
  readonly questions: readonly {
    readonly lessonId: string;
    readonly card: number;
    readonly answered: number;
    readonly missShare: number;
    readonly commonWrong: { readonly option: number; readonly text: string; readonly people: number } | null;
  }[];
}

/** What the server aggregates for a network's tutors, facilitators and coordinators (read-only here). */
export interface InsightsDoc {
  /** figures:learning or figures:needs */
  id: string;
  type: 'figures';
  kind: 'learning' | 'needs';
  country: string;
  figures: LearningFigures | NeedsFigures;
  updatedAt: string;
}

export const insightsSchema = {
  title: 'network insights',
  description: "A network's figures, as the sync server aggregates them; replicated to its tutors, facilitators and coordinators.",
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    type: { type: 'string', enum: ['figures'] },
    kind: { type: 'string' },
    country: { type: 'string' },
    figures: { type: 'object' },
    updatedAt: { type: 'string' },
    sync: syncMarkerSchema,
  },
  required: ['id', 'type', 'kind', 'figures'],
} as unknown as RxJsonSchema<InsightsDoc>;
