import { DoubtfulAdmissions } from './doubtful-admissions';

describe('DoubtfulAdmissions', () => {
  it('drops an entry once its hold is found and released', async () => {
    const doubtful = new DoubtfulAdmissions();
    doubtful.add(1_000, 'u|k|r1');
    doubtful.add(1_000, 'u|k|r2');
    const seen: string[][] = [];
    expect(await doubtful.release(async (entries) => (seen.push(entries), [2]), 0)).toBe(1);
    expect(seen).toEqual([['1000\tu|k|r1', '1000\tu|k|r2']]);
    expect(doubtful.size).toBe(1);
  });

  it('keeps trying an entry whose hold is not there for 10 s after Redis first answered, then gives up', async () => {
    const doubtful = new DoubtfulAdmissions();
    doubtful.add(1_000, 'u||r');
    const none = async () => [];
    // Redis does not answer: nothing changes.
    await expect(doubtful.release(async () => Promise.reject(new Error('no reply')), 0)).rejects.toThrow('no reply');
    expect(doubtful.size).toBe(1);
    await doubtful.release(none, 5_000);
    await doubtful.release(none, 14_999);
    expect(doubtful.size).toBe(1);
    await doubtful.release(none, 15_000);
    expect(doubtful.size).toBe(0);
  });

  it('sends at most 1,000 entries per call and keeps at most 20,000, dropping the oldest', async () => {
    const doubtful = new DoubtfulAdmissions();
    for (let i = 0; i < 20_005; i++) doubtful.add(i, 'u||r');
    expect(doubtful.size).toBe(20_000);
    const sizes: number[] = [];
    let first = '';
    await doubtful.release(async (entries) => {
      first ||= entries[0];
      sizes.push(entries.length);
      return [];
    }, 0);
    expect(sizes).toEqual(Array(20).fill(1_000));
    expect(first).toBe('5\tu||r');
  });
});
