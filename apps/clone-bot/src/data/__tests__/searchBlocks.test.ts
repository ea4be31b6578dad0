import { SearchBlocks } from '../searchBlocks';

function filled(texts: string[]): SearchBlocks<number> {
  const blocks = new SearchBlocks<number>();
  texts.forEach((text, i) => blocks.append(i, text));
  return blocks;
}

describe('SearchBlocks: texts searched block by block', () => {
  it('finds every item holding every word, newest first, across block boundaries', () => {
    const texts = Array.from({ length: 1_000 }, (_, i) => `file ${i} ${i % 7 === 0 ? 'aurora' : 'plain'} ${i % 3 === 0 ? 'night' : 'day'}`);
    const blocks = filled(texts);
    const expected = texts.map((t, i) => [t, i] as const).filter(([t]) => t.includes('aurora') && t.includes('night')).map(([, i]) => i).reverse();
    expect([...blocks.matching(['aurora', 'night'])]).toEqual(expected);
    expect(blocks.length).toBe(1_000);
  });

  it('counts an item once however often it holds the word, and matches its first and last text', () => {
    const blocks = filled(['zz start', 'mid zz zz zz', 'end zz']);
    expect([...blocks.matching(['zz'])]).toEqual([2, 1, 0]);
  });

  it('never matches words split between two files, nor a separator or an empty word', () => {
    const blocks = filled(['holiday pho', 'tos from rome', 'line\nbreak']);
    expect([...blocks.matching(['photos'])]).toEqual([]);
    expect([...blocks.matching(['holiday', 'rome'])]).toEqual([]);
    expect([...blocks.matching(['pho\ntos'])]).toEqual([]);
    expect([...blocks.matching([''])]).toEqual([]);
    expect([...blocks.matching([])]).toEqual([]);
    // A line break inside a text is a space to the search.
    expect([...blocks.matching(['line break'])]).toEqual([2]);
  });

  it('gives back every item with its own text, and retains only what it is told to', () => {
    const texts = Array.from({ length: 600 }, (_, i) => `text ${i}`);
    const blocks = filled(texts);
    expect([...blocks.entries()]).toEqual(texts.map((t, i) => [i, t]));
    blocks.retain((i) => i % 2 === 1);
    expect(blocks.length).toBe(300);
    expect([...blocks.entries()].map(([i]) => i)).toEqual(texts.map((_, i) => i).filter((i) => i % 2 === 1));
    expect([...blocks.matching(['text 59'])]).toEqual([599, 597, 595, 593, 591, 59]);
  });
});
