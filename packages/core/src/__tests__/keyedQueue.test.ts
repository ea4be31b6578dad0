import { KeyedQueue } from '../concurrency/keyedQueue';

/** A promise the test resolves by hand. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('KeyedQueue', () => {
  it('runs one key\'s tasks in order, other keys meanwhile, and goes on after a failure', async () => {
    const queue = new KeyedQueue<string>();
    const events: string[] = [];
    const first = gate();
    const a1 = queue.run('a', async () => {
      events.push('a1 start');
      await first.wait;
      events.push('a1 end');
      throw new Error('a1 failed');
    });
    const a2 = queue.run('a', async () => {
      events.push('a2');
      return 2;
    });
    await queue.run('b', async () => void events.push('b'));
    expect(events).toEqual(['a1 start', 'b']);
    first.open();
    await expect(a1).rejects.toThrow('a1 failed');
    await expect(a2).resolves.toBe(2);
    expect(events).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});
