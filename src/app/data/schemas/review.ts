import type { RxJsonSchema } from 'rxdb';
import { syncMarkerSchema } from '../sync-marker';

/** A stakeholder's review of one CPD lesson (review:<lesson>:<reviewer>): one per reviewer and lesson, changed in place. */
export interface CpdReview {
  id: string;
  type: 'review';
  lessonId: string;
  author: string;
  /** The network whose stakeholder forum the reviewer speaks for. */
  country: string;
  /** 1 to 5. */
  rating: number;
  comment: string;
  createdAt: string;
  updatedAt: string;
}

export const reviewSchema = {
  title: 'CPD lesson review',
  description: "Stakeholders' reviews of the CPD curriculum, from the cpd-reviews database.",
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    type: { type: 'string', enum: ['review'] },
    lessonId: { type: 'string' },
    author: { type: 'string' },
    country: { type: 'string' },
    rating: { type: 'number' },
    comment: { type: 'string' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    sync: syncMarkerSchema,
  },
  required: ['id', 'type', 'lessonId', 'author', 'rating', 'comment', 'updatedAt'],
} as unknown as RxJsonSchema<CpdReview>;
