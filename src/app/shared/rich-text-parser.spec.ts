import { parseInline, parseRichText } from './rich-text-parser';

describe('parseRichText', () => {
  it('splits paragraphs and lists', () => {
    const blocks = parseRichText('First line\ncontinues.\n\n- one\n- **two**\n\nLast.');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'list', 'paragraph']);
    expect(blocks[1]).toEqual({
      kind: 'list',
      items: [[{ text: 'one', bold: false, italic: false }], [{ text: 'two', bold: true, italic: false }]],
    });
  });

  it('starts a list straight under a sentence, as people type it, and goes on with text after it', () => {
    const blocks = parseRichText('Set the price.\n- Include VAT\n- Round up\nThen tell the customer.');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'list', 'paragraph']);
    expect(blocks[0]).toEqual({ kind: 'paragraph', spans: [{ text: 'Set the price.', bold: false, italic: false }] });
    expect(blocks[1]).toEqual({
      kind: 'list',
      items: [[{ text: 'Include VAT', bold: false, italic: false }], [{ text: 'Round up', bold: false, italic: false }]],
    });
  });

  it('reads bold and italic inside text', () => {
    expect(parseInline('Cash is **not** profit, *really*.')).toEqual([
      { text: 'Cash is ', bold: false, italic: false },
      { text: 'not', bold: true, italic: false },
      { text: ' profit, ', bold: false, italic: false },
      { text: 'really', bold: false, italic: true },
      { text: '.', bold: false, italic: false },
    ]);
  });

  it('keeps markup-looking payloads as plain text', () => {
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    expect(parseRichText(payload)).toEqual([{ kind: 'paragraph', spans: [{ text: payload, bold: false, italic: false }] }]);
  });
});
