import { captionFor, cutCaption, fillTemplate, humanSize, templateProblem } from '../captionTemplate';
import { planDelivery } from '../mediaGroups';

const file = { fileName: 'report.pdf', size: 1_468_006, caption: 'Q3 numbers', captionEntities: [{ type: 'bold', offset: 3, length: 7 }] };

describe('caption template', () => {
  it('shows sizes in human units', () => {
    expect([humanSize(null), humanSize(0), humanSize(512), humanSize(1536), humanSize(1_468_006), humanSize(150 * 1024 * 1024), humanSize(3 * 1024 ** 3)]).toEqual(['', '0 B', '512 B', '1.5 KB', '1.4 MB', '150 MB', '3 GB']);
  });

  it('refuses empty, too long and unknown placeholders, each with its reason', () => {
    expect(templateProblem('  ')).toEqual({ kind: 'empty' });
    expect(templateProblem('x'.repeat(1025))).toEqual({ kind: 'tooLong', length: 1025 });
    expect(templateProblem('{file_name} {author} {author} {Size}')).toEqual({ kind: 'unknown', names: ['author', 'Size'] });
    expect(templateProblem('{file_name} {file_size} {original_caption} {bot_username} {not a placeholder}')).toBeNull();
  });

  it('fills placeholders as plain text and moves the original caption\'s entities with it', () => {
    const filled = fillTemplate('<b>{file_name}</b> ({file_size})\n{original_caption}', file, 'files_bot');
    expect(filled.caption).toBe('<b>report.pdf</b> (1.4 MB)\nQ3 numbers');
    const at = filled.caption.indexOf('Q3');
    expect(filled.entities).toEqual([{ type: 'bold', offset: at + 3, length: 7 }]);
  });

  it('keeps, drops or replaces the original caption', () => {
    expect(captionFor(file, { captionTemplate: null, keepOriginalCaption: true }, 'b')).toBeNull();
    expect(captionFor(file, { captionTemplate: null, keepOriginalCaption: false }, 'b')).toEqual({ caption: '', entities: [] });
    expect(captionFor(file, { captionTemplate: 'via {bot_username}', keepOriginalCaption: true }, 'b')).toEqual({ caption: 'via @b', entities: [] });
  });

  it('cuts before an atomic entity, shortens style entities, never splits a surrogate pair', () => {
    const text = `${'a'.repeat(10)}https://x.io${'b'.repeat(10)}`;
    const cut = cutCaption(text, [{ type: 'bold', offset: 0, length: text.length }, { type: 'url', offset: 10, length: 11 }], 15);
    expect(cut.caption).toBe(`${'a'.repeat(10)}…`);
    expect(cut.entities).toEqual([{ type: 'bold', offset: 0, length: 10 }]);
    const emoji = cutCaption(`${'a'.repeat(8)}😀😀`, [], 10);
    expect(emoji.caption).toBe(`${'a'.repeat(8)}…`);
    expect(cutCaption('short', [], 10)).toEqual({ caption: 'short', entities: [] });
  });
});

describe('delivery plan', () => {
  const k = (kinds: string) => kinds.split(' ').map((kind, i) => ({ kind: kind as 'photo', i }));
  const shape = (kinds: string) => planDelivery(k(kinds)).map((s) => ('group' in s ? s.group.map((f) => f.i) : s.single.i));

  it('groups photos and videos, documents with documents, audio with audio, up to 10', () => {
    expect(shape('photo video photo')).toEqual([[0, 1, 2]]);
    expect(shape('document photo document document')).toEqual([0, 1, [2, 3]]);
    expect(shape('audio audio voice animation audio')).toEqual([[0, 1], 2, 3, 4]);
    expect(shape(Array(12).fill('photo').join(' '))).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11]]);
    expect(shape(Array(11).fill('document').join(' '))).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 10]);
  });
});
