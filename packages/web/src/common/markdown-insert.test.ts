import { describe, expect, it } from 'vitest';
import { attachmentUrl, imageFiles, imageMarkdown, insertText } from './markdown-insert';

describe('markdown edits', () => {
  it('inserts at the caret or over a selection', () => {
    expect(insertText('hello world', 6, 6, 'big ')).toEqual({ value: 'hello big world', caret: 10 });
    expect(insertText('hello world', 6, 11, 'you')).toEqual({ value: 'hello you', caret: 9 });
  });
  it('writes image links whose name and URL cannot break out of the markdown', () => {
    expect(imageMarkdown('screen shot.png', attachmentUrl('~42'))).toBe(
      '![screen shot.png](</api/v1/attachment/~42/download>)',
    );
    expect(imageMarkdown('a]b[c\\.png', '/x')).toBe('![a\\]b\\[c\\\\.png](</x>)');
    expect(imageMarkdown('n', '/x y>')).toBe('![n](</x%20y%3E>)');
  });
  it('keeps only image files', () => {
    const files = [
      new File(['x'], 'a.png', { type: 'image/png' }),
      new File(['x'], 'b.txt', { type: 'text/plain' }),
    ];
    expect(imageFiles(files).map((f) => f.name)).toEqual(['a.png']);
    expect(imageFiles(null)).toEqual([]);
  });
});
