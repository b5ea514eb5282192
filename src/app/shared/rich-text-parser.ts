/** The tiny markup of lesson text: paragraphs, "- " bullet lists, **bold** and *italic*. */
export interface Span {
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
}

export type Block = { readonly kind: 'paragraph'; readonly spans: Span[] } | { readonly kind: 'list'; readonly items: Span[][] };

/**
 * Turns markup into data that templates render as text nodes, so nothing in a lesson can ever become
 * HTML or script.
 */
export function parseRichText(source: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of source.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((line) => /^\s*- /.test(line))) {
      blocks.push({ kind: 'list', items: lines.map((line) => parseInline(line.replace(/^\s*- /, ''))) });
    } else {
      blocks.push({ kind: 'paragraph', spans: parseInline(lines.join(' ')) });
    }
  }
  return blocks;
}

export function parseInline(text: string): Span[] {
  const spans: Span[] = [];
  const pattern = /\*\*(.+?)\*\*|\*(.+?)\*/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) spans.push({ text: text.slice(last, match.index), bold: false, italic: false });
    spans.push(match[1] !== undefined ? { text: match[1], bold: true, italic: false } : { text: match[2], bold: false, italic: true });
    last = pattern.lastIndex;
  }
  if (last < text.length) spans.push({ text: text.slice(last), bold: false, italic: false });
  return spans;
}
