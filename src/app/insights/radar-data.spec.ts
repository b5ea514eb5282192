import { meanLevel, radarSeries } from './radar-data';

describe('the needs radar', () => {
  it('averages a 1–5 distribution, and gives nothing for fewer than five or nobody', () => {
    expect(meanLevel([0, 1, 1, 2, 1])).toBe(3.6);
    expect(meanLevel([5, 0, 0, 0, 0])).toBe(1);
    expect(meanLevel('fewer-than-5')).toBeNull();
    expect(meanLevel([0, 0, 0, 0, 0])).toBeNull();
  });

  it('lines up topics with their confidence now and three months ago', () => {
    const series = radarSeries({
      answered: 6,
      requests: [],
      usefulness: [],
      topics: [
        { topic: 'pricing', now: { answered: 5, levels: [0, 1, 1, 2, 1] }, before: { answered: 5, levels: [2, 2, 1, 0, 0] } },
        {
          topic: 'hiring',
          now: { answered: 'fewer-than-5', levels: 'fewer-than-5' },
          before: { answered: 'fewer-than-5', levels: 'fewer-than-5' },
        },
      ],
    });
    expect(series).toEqual({ topics: ['pricing', 'hiring'], now: [3.6, null], before: [1.8, null] });
  });
});
