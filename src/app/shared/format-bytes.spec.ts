import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('picks a readable unit', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(3_240_000, 'en')).toBe('3.2 MB');
    expect(formatBytes(45_000, 'en')).toBe('45 kB');
  });
});
