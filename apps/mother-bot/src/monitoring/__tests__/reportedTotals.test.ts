import { Counter, Registry } from 'prom-client';
import { ReportedTotals } from '../reportedTotals';

const counterIn = (registry: Registry) => new Counter({ name: 'x_total', help: 'x', labelNames: ['clone'], registers: [registry] });
const valueOf = async (counter: Counter<'clone'>, clone: string): Promise<number | undefined> =>
  (await counter.get()).values.find((v) => v.labels.clone === clone)?.value;

describe('ReportedTotals', () => {
  it("adds what a worker's total grew by, and all of a restarted worker's new total, never going down", async () => {
    const counter = counterIn(new Registry());
    const feed = new ReportedTotals(counter, { firstSeen: 'count', lower: 'restarted' });
    const seen: number[] = [];
    const report = async (total: number, worker: string) => {
      feed.report('a', { clone: 'a' }, total, worker);
      seen.push((await valueOf(counter, 'a')) ?? -1);
    };
    await report(40, 'pid1'); // first sight: the worker's count so far
    await report(55, 'pid1');
    await report(55, 'pid1');
    await report(3, 'pid1'); // lower: the same pid restarted in place, counting from 0
    await report(10, 'pid2'); // another process: its 10 are new
    await report(12, 'pid2');
    expect(seen).toEqual([40, 55, 55, 58, 68, 70]);
  });

  it('takes the first total as a baseline when asked, and ignores a total that shrank', async () => {
    const counter = counterIn(new Registry());
    const feed = new ReportedTotals(counter, { firstSeen: 'baseline', lower: 'shrank' });
    feed.report('b1', { clone: 'x' }, 500);
    expect(await valueOf(counter, 'x')).toBe(0);
    feed.report('b1', { clone: 'x' }, 520);
    feed.report('b2', { clone: 'x' }, 7); // a second stream into the same series
    feed.report('b2', { clone: 'x' }, 9);
    feed.report('b1', { clone: 'x' }, 100); // records deleted: nothing to add, new baseline
    feed.report('b1', { clone: 'x' }, 101);
    expect(await valueOf(counter, 'x')).toBe(23);
    feed.report('b1', { clone: 'x' }, Number.NaN);
    feed.report('b1', { clone: 'x' }, -4);
    expect(await valueOf(counter, 'x')).toBe(23);
  });

  it('forgets a stream, and removes its series when asked', async () => {
    const counter = counterIn(new Registry());
    const feed = new ReportedTotals(counter, { firstSeen: 'count', lower: 'restarted' });
    feed.report('a', { clone: 'a' }, 5, 'w');
    feed.report('b', { clone: 'b' }, 6, 'w');
    expect(feed.streams().sort()).toEqual(['a', 'b']);
    feed.forget('a');
    expect(await valueOf(counter, 'a')).toBe(5);
    feed.forget('b', { removeSeries: true });
    expect(await valueOf(counter, 'b')).toBeUndefined();
    expect(feed.streams()).toEqual([]);
  });
});
