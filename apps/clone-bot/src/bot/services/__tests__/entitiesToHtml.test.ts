import { parseHtml } from '@motherbot/telegram-sandbox';
import { entitiesToHtml, htmlTextLength, isBlankHtml } from '../entitiesToHtml';
import { fillPersonHtml, worstCaseTextLength } from '../../welcomeText';

/** What Telegram would show for our HTML: the sandbox's parser, the same rules as the Bot API's. */
const shown = (html: string) => parseHtml(html);

describe('entitiesToHtml', () => {
  it('keeps bold, italic, links, spoilers, code and quotes', () => {
    const text = 'Hello bold world, see site and secret code';
    const html = entitiesToHtml(text, [
      { type: 'bold', offset: 6, length: 4 },
      { type: 'italic', offset: 6, length: 10 },
      { type: 'text_link', offset: 22, length: 4, url: 'https://example.com/?a=1&b="2"' },
      { type: 'spoiler', offset: 31, length: 6 },
      { type: 'code', offset: 38, length: 4 },
    ]);
    expect(html).toBe('Hello <i><b>bold</b> world</i>, see <a href="https://example.com/?a=1&amp;b=&quot;2&quot;">site</a> and <tg-spoiler>secret</tg-spoiler> <code>code</code>');
    const parsed = shown(html);
    expect(parsed.text).toBe(text);
    expect(parsed.entities.find((e) => e.type === 'text_link')?.url).toBe('https://example.com/?a=1&b="2"');
  });

  it('counts offsets in UTF-16 units: an emoji before an entity does not shift it', () => {
    const text = '😀👍🏽 hi bold';
    const html = entitiesToHtml(text, [{ type: 'bold', offset: text.indexOf('bold'), length: 4 }]);
    expect(html).toBe('😀👍🏽 hi <b>bold</b>');
  });

  it('never splits a surrogate pair: an entity cutting an emoji takes the whole emoji', () => {
    const text = 'a😀b';
    const html = entitiesToHtml(text, [{ type: 'bold', offset: 2, length: 2 }]);
    expect(shown(html).text).toBe(text);
    expect(html).toBe('a<b>😀b</b>');
  });

  it('shows what the owner typed literally: tags and ampersands are escaped', () => {
    const text = '<b>not bold</b> & <script>alert(1)</script> &amp;';
    const html = entitiesToHtml(text, []);
    expect(html).not.toMatch(/<b>|<script>/);
    expect(shown(html)).toEqual({ text, entities: [] });
  });

  it('drops bad entities and rebalances crossing ones, so the HTML always parses to the same text', () => {
    const text = 'abcdefghij';
    const html = entitiesToHtml(text, [
      { type: 'bold', offset: 0, length: 6 },
      { type: 'italic', offset: 3, length: 6 },
      { type: 'underline', offset: -1, length: 3 },
      { type: 'strikethrough', offset: 8, length: 50 },
      { type: 'text_link', offset: 1, length: 2, url: 'javascript:alert(1)' },
      { type: 'code', offset: 4, length: 2 },
      { type: 'evil"><script>', offset: 0, length: 1 },
      { type: 'bold', offset: 1.5, length: 1 },
    ]);
    expect(html).not.toContain('javascript');
    expect(html).not.toContain('script');
    expect(shown(html).text).toBe(text);
  });

  it('accepts anything as entities without throwing', () => {
    for (const junk of [null, undefined, 'x', 42, [null, 1, 'a', {}], [{ type: 'bold', offset: '0', length: '2' }]]) {
      expect(entitiesToHtml('text', junk)).toBe('text');
    }
  });

  it('fills placeholders with escaped values and measures the worst case', () => {
    const html = entitiesToHtml('Hi {first_name}!', [{ type: 'bold', offset: 3, length: 12 }]);
    expect(fillPersonHtml(html, { id: 1, first_name: '<b>&"x' })).toBe('Hi <b>&lt;b&gt;&amp;&quot;x</b>!');
    expect(htmlTextLength(html)).toBe('Hi {first_name}!'.length);
    expect(worstCaseTextLength(html)).toBe('Hi !'.length + 64);
  });

  it('tells a text that would show nothing (Telegram refuses an empty message)', () => {
    expect(isBlankHtml(fillPersonHtml('<b>{last_name}</b> ', { id: 1, first_name: 'A' }))).toBe(true);
    expect(isBlankHtml('<b>&amp;</b>')).toBe(false);
  });
});
