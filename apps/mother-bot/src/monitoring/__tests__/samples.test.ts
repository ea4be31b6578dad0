import { MinuteSamples } from '../samples';

const at = (minute: number, second = 0): Date => new Date(Date.UTC(2030, 0, 1, 0, minute, second));

describe('MinuteSamples', () => {
  it('keeps one sample per minute for the last hour, with updates as increases of the workers\' counters', () => {
    const ring = new MinuteSamples(60);
    ring.record(at(0), { motherRss: 1, clones: [{ id: 'a', memoryBytes: 10, updates: 100 }] });
    ring.record(at(0, 30), { motherRss: 2, clones: [{ id: 'a', memoryBytes: 11, updates: 104 }] });
    ring.record(at(1), { motherRss: 3, clones: [{ id: 'a', memoryBytes: 12, updates: 110 }, { id: 'b', memoryBytes: 5, updates: 7 }] });
    // Worker a restarted: its counter went down, so all of it is new.
    ring.record(at(2), { motherRss: 4, clones: [{ id: 'a', memoryBytes: 9, updates: 3 }, { id: 'b', memoryBytes: 5, updates: 9 }] });
    expect(ring.list()).toEqual([
      { t: at(0).getTime(), motherRss: 2, clonesMemory: 11, updates: 4 },
      { t: at(1).getTime(), motherRss: 3, clonesMemory: 17, updates: 6 },
      { t: at(2).getTime(), motherRss: 4, clonesMemory: 14, updates: 5 },
    ]);
    for (let m = 3; m < 70; m += 1) ring.record(at(m), { motherRss: m, clones: [] });
    const list = ring.list();
    expect(list).toHaveLength(60);
    expect(list[0]?.t).toBe(at(10).getTime());
    expect(list.at(-1)?.t).toBe(at(69).getTime());
  });
});
