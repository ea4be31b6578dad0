import { internalChannelId, parsePostLink, postLink } from '../postLinks';
import { MAX_INDEX_RANGE, parsePostRange } from '../postRange';

const channel = { chatId: -1001234567890, title: 'Library', username: 'library_files' };

describe('post links', () => {
  it.each([
    ['https://t.me/library_files/42', { kind: 'public', username: 'library_files', messageId: 42 }],
    ['t.me/Library_Files/42?single', { kind: 'public', username: 'Library_Files', messageId: 42 }],
    ['https://telegram.me/library_files/7/42', { kind: 'public', username: 'library_files', messageId: 42 }],
    ['https://t.me/c/1234567890/5', { kind: 'private', chatId: -1001234567890, messageId: 5 }],
    ['http://t.me/c/1234567890/5/', { kind: 'private', chatId: -1001234567890, messageId: 5 }],
  ])('reads %s', (text, expected) => {
    expect(parsePostLink(text)).toEqual(expected);
  });

  it.each([
    'hello', 'https://t.me/library_files', 'https://t.me/library_files/0', 'https://t.me/library_files/-3', 'https://t.me/library_files/99999999999',
    'https://example.com/library_files/1', 'https://t.me/c/0/1', 'https://t.me/ab/1', 'https://t.me/library_files/1<script>', `https://t.me/${'a'.repeat(300)}/1`,
    'https://t.me/+AbCdEf123/1', 'https://t.me/library_files/1 https://t.me/library_files/2',
  ])('refuses %s', (text) => {
    expect(parsePostLink(text)).toBeNull();
  });

  it('writes links both ways', () => {
    expect(internalChannelId(-1001234567890)).toBe('1234567890');
    expect(internalChannelId(-12345)).toBeNull();
    expect(postLink(channel, 3)).toBe('https://t.me/library_files/3');
    expect(postLink({ ...channel, username: null }, 3)).toBe('https://t.me/c/1234567890/3');
    expect(parsePostLink(postLink({ ...channel, username: null }, 3))).toEqual({ kind: 'private', chatId: channel.chatId, messageId: 3 });
  });
});

describe('post ranges', () => {
  const range = (args: string, max = MAX_INDEX_RANGE) => parsePostRange(args, channel, max);

  it('takes two links of the connected channel, in either form', () => {
    expect(range('https://t.me/library_files/3 https://t.me/c/1234567890/9')).toEqual({ first: 3, last: 9 });
    expect(range('  https://t.me/LIBRARY_FILES/4   https://t.me/library_files/4 ')).toEqual({ first: 4, last: 4 });
  });

  it('says why a range is refused', () => {
    expect(range('https://t.me/library_files/3')).toEqual({ reason: 'usage' });
    expect(range('a b c')).toEqual({ reason: 'usage' });
    expect(range('hello https://t.me/library_files/3')).toEqual({ reason: 'notPostLink', link: 'hello' });
    expect(range('https://t.me/other_files/1 https://t.me/library_files/3')).toEqual({ reason: 'otherChannel', link: 'https://t.me/other_files/1' });
    expect(range('https://t.me/c/999999/1 https://t.me/library_files/3')).toEqual({ reason: 'otherChannel', link: 'https://t.me/c/999999/1' });
    expect(range('https://t.me/library_files/9 https://t.me/library_files/3')).toEqual({ reason: 'reversed', first: 9, last: 3 });
    expect(range('https://t.me/library_files/1 https://t.me/library_files/100000')).toEqual({ reason: 'tooLarge', count: 100_000, max: MAX_INDEX_RANGE });
    expect(range(`https://t.me/library_files/1 https://t.me/library_files/${MAX_INDEX_RANGE}`)).toEqual({ first: 1, last: MAX_INDEX_RANGE });
  });

  it('refuses public links for a channel without a username', () => {
    expect(parsePostRange('https://t.me/library_files/1 https://t.me/library_files/2', { ...channel, username: null }, 10)).toEqual({ reason: 'otherChannel', link: 'https://t.me/library_files/1' });
  });
});
