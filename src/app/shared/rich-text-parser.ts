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
    // A list may start straight under a sentence, as people type it: each run of "- " lines is a list.
    let run: { list: boolean; lines: string[] } | null = null;
    const close = () => {
      if (!run) return;
      blocks.push(
        run.list
          ? { kind: 'list', items: run.lines.map((line) => parseInline(line)) }
          : { kind: 'paragraph', spans: parseInline(run.lines.join(' ')) },
      );
      run = null;
    };
    for (const line of chunk.split('\n').filter((line) => line.trim() !== '')) {
      const list = /^\s*- /.test(line);
      if (run && run.list !== list) close();
      run ??= { list, lines: [] };
      run.lines.push(list ? line.replace(/^\s*- /, '') : line);
    }
    close();
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
