import type { NeedsFigures } from '../data/insights-repository';

export interface RadarSeries {
  readonly topics: readonly string[];
  /** Average confidence (1–5) per topic, or null where fewer than five answered. */
  readonly now: readonly (number | null)[];
  readonly before: readonly (number | null)[];
}

/** The mean of a 1–5 distribution ([how many gave 1, …, how many gave 5]), to one decimal. */
export function meanLevel(levels: readonly number[] | 'fewer-than-5'): number | null {
  if (levels === 'fewer-than-5') return null;
  const people = levels.reduce((sum, count) => sum + count, 0);
  if (people === 0) return null;
  return Math.round((levels.reduce((sum, count, index) => sum + count * (index + 1), 0) / people) * 10) / 10;
}

/** The network's confidence per topic, now and three months ago, for the radar and its table. */
export function radarSeries(needs: NeedsFigures): RadarSeries {
  return {
    topics: needs.topics.map((topic) => topic.topic),
    now: needs.topics.map((topic) => meanLevel(topic.now.levels)),
    before: needs.topics.map((topic) => meanLevel(topic.before.levels)),
  };
}
