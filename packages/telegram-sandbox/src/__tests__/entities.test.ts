import { formatText } from '../botApi/entities';
import { ApiError } from '../botApi/errors';

const fail = (text: string, mode: string): string => {
  try {
    formatText(text, mode);
  } catch (e) {
    return (e as ApiError).description;
  }
  throw new Error('expected a parse error');
};

describe('parse modes', () => {
  test('HTML: nesting, entities, pre with language, spoiler, custom emoji, UTF-16 offsets', () => {
    const r = formatText('😀 <b>a<i>b</i></b> &lt;x&gt; <pre><code class="language-ts">let</code></pre> <span class="tg-spoiler">s</span> <tg-emoji emoji-id="5">e</tg-emoji>', 'HTML');
    expect(r.text).toBe('😀 ab <x> let s e');
    expect(r.entities).toEqual([
      { type: 'bold', offset: 3, length: 2 },
      { type: 'italic', offset: 4, length: 1 },
      { type: 'pre', offset: 10, length: 3, language: 'ts' },
      { type: 'spoiler', offset: 14, length: 1 },
      { type: 'custom_emoji', offset: 16, length: 1, custom_emoji_id: '5' },
    ]);
    expect(fail('<b>x</i>', 'HTML')).toMatch(/Unmatched end tag at byte offset 4/);
    expect(fail('é <foo>', 'HTML')).toBe(`Bad Request: can't parse entities: Unsupported start tag "foo" at byte offset 3`);
  });

  test('MarkdownV2: escapes, links, underline vs italic, code keeps specials', () => {
    const r = formatText('__u__ _i_ ~s~ ||sp|| [l](https://a.b/\\)) `a*b` 2\\+2', 'MarkdownV2');
    expect(r.text).toBe('u i s sp l a*b 2+2');
    expect(r.entities.map((e) => e.type)).toEqual(['underline', 'italic', 'strikethrough', 'spoiler', 'text_link', 'code']);
    expect(r.entities.find((e) => e.type === 'text_link')?.url).toBe('https://a.b/)');
    expect(fail('a-b', 'MarkdownV2')).toMatch(/Character '-' is reserved/);
    expect(fail('```\nnever closed', 'MarkdownV2')).toMatch(/Can't find end of Pre entity at byte offset 0/);
  });

  test('plain text gets bot_command, mention and url entities; unknown parse_mode is refused', () => {
    expect(formatText('/start@my_bot hi @someone https://x.y', undefined).entities.map((e) => e.type)).toEqual(['bot_command', 'mention', 'url']);
    expect(fail('x', 'BBCode')).toBe('Bad Request: unsupported parse_mode');
  });
});
