import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownView } from './Markdown';
import { matchUsers, mentionAt, mentionText } from './mentions';

const users = [
  { login: 'ana@soc.test', name: 'Ana Analyst' },
  { login: 'admin', name: 'Administrator' },
  { login: 'bob.smith@soc.test', name: 'Bob Smith' },
];
const names = new Map(users.map((u) => [u.login, u.name]));
const html = (text: string) => renderToStaticMarkup(createElement(MarkdownView, { text, names }));

describe('mentionAt', () => {
  it('finds the mention typed before the caret, logins with an @ included', () => {
    expect(mentionAt('hello @an', 9)).toEqual({ start: 6, query: 'an' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('cc @ana@soc', 11)).toEqual({ start: 3, query: 'ana@soc' });
    expect(mentionAt('(@bo', 4)).toEqual({ start: 1, query: 'bo' });
  });
  it('ignores e-mail addresses, words after a space and text after the caret', () => {
    expect(mentionAt('mail ana@soc.test', 17)).toBeUndefined();
    expect(mentionAt('@ana done', 9)).toBeUndefined();
    expect(mentionAt('@ana', 0)).toBeUndefined();
  });
});

describe('matchUsers', () => {
  it('matches login or name, logins starting with the query first', () => {
    expect(matchUsers(users, 'a').map((u) => u.login)).toEqual(['admin', 'ana@soc.test']);
    expect(matchUsers(users, 'SMITH').map((u) => u.login)).toEqual(['bob.smith@soc.test']);
    expect(matchUsers(users, 'zzz')).toEqual([]);
    expect(matchUsers(users, '', 1)).toHaveLength(1);
  });
  it('inserts the login with a space after it', () => {
    expect(mentionText('ana@soc.test')).toBe('@ana@soc.test ');
  });
});

describe('mentions in rendered markdown', () => {
  it('shows the names of known users, e-mail-like logins and plain ones', () => {
    const out = html('thanks @ana@soc.test and @admin, and @bob.smith@soc.test.');
    expect(out).toContain(
      '<span class="mention" data-login="ana@soc.test" title="ana@soc.test">@Ana Analyst</span>',
    );
    expect(out).toContain('<span class="mention" data-login="admin" title="admin">@Administrator</span>,');
    expect(out).toContain('>@Bob Smith</span>.');
    expect(out).not.toContain('mailto:');
  });
  it('leaves unknown users, e-mail addresses, code and links alone', () => {
    const out = html('@nobody writes to ana@soc.test `@admin` [@admin](https://x.test)');
    expect(out).not.toContain('mention');
    expect(out).toContain('@nobody');
    expect(out).toContain('href="mailto:ana@soc.test"');
    expect(out).toContain('<code>@admin</code>');
  });
  it('keeps a hostile name as text and other classes and data attributes out', () => {
    const evil = new Map([['eve', '<img src=x onerror=alert(1)>']]);
    const out = renderToStaticMarkup(
      createElement(MarkdownView, {
        text: '@eve <span class="mention x" data-x="1">raw</span>',
        names: evil,
      }),
    );
    expect(out).toContain('@&lt;img src=x onerror=alert(1)&gt;');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('data-x');
  });
  it('renders pasted images from attachment URLs and drops dangerous ones', () => {
    const out = html('![shot](</api/v1/attachment/abc/download>) ![x](javascript:alert(1))');
    expect(out).toContain('<img src="/api/v1/attachment/abc/download" alt="shot"/>');
    expect(out).not.toContain('javascript:');
  });
});
