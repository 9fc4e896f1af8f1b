import { describe, expect, it } from 'vitest';
import { scopeSelector, scopeStylesheet, splitSelectorList } from './css-scope.ts';

const S = '[data-wb-app="fx"]';
const scoped = (css: string) => scopeStylesheet(css, S).css;

describe('scoping a stylesheet under the app root (ADR 0041)', () => {
  it('prefixes selectors and turns html, body and :root into the root itself', () => {
    expect(scoped('*{margin:0}body{line-height:2}.card > p{color:red}')).toBe(
      `${S} *{margin:0}${S}{line-height:2}${S} .card > p{color:red}`,
    );
    expect(scopeSelector(' html body .a', S)).toBe(` ${S} .a`);
    expect(scopeSelector('html > body', S)).toBe(S);
    expect(scopeSelector(':root', S)).toBe(S);
    expect(scopeSelector('html.dark .a', S)).toBe(`${S}.dark .a`);
    expect(scopeSelector('bodyguard', S)).toBe(`${S} bodyguard`);
  });

  it('splits selector lists at top-level commas only', () => {
    expect(splitSelectorList('a, :is(b, c), [title="x,y"]')).toEqual(['a', ' :is(b, c)', ' [title="x,y"]']);
    expect(scoped('h1,h2{font-weight:400}')).toBe(`${S} h1,${S} h2{font-weight:400}`);
  });

  it('recurses into @media, @supports and @layer; keeps @keyframes, @font-face and statements as written', () => {
    const css =
      '@charset "utf-8";@import "./base.css";@layer reset;@media (min-width: 600px){body{margin:0}}' +
      '@keyframes spin{from{transform:rotate(0)}to{transform:rotate(1turn)}}@font-face{font-family:x;src:url(a.woff2)}' +
      '@supports (display:grid){@layer reset{.g{display:grid}}}';
    expect(scoped(css)).toBe(
      '@charset "utf-8";@import "./base.css";@layer reset;' +
        `@media (min-width: 600px){${S}{margin:0}}` +
        '@keyframes spin{from{transform:rotate(0)}to{transform:rotate(1turn)}}@font-face{font-family:x;src:url(a.woff2)}' +
        `@supports (display:grid){@layer reset{${S} .g{display:grid}}}`,
    );
  });

  it('leaves declarations, strings, comments and nested rules untouched', () => {
    const css = '/* } { */.a{content:"}{";background:url("x{.png")}.b{color:red;&:hover{color:blue}.c &{x:y}}';
    expect(scoped(css)).toBe(`${S} .a{content:"}{";background:url("x{.png")}${S} .b{color:red;&:hover{color:blue}.c &{x:y}}`);
  });

  it('reports global selectors without rewriting when no scope is asked for', () => {
    expect(scopeStylesheet('.a{color:red}', null)).toEqual({ css: '.a{color:red}', hadGlobalSelectors: false });
    expect(scopeStylesheet('.a *{x:y}', null).hadGlobalSelectors).toBe(false);
    const reset = '*,*::before{box-sizing:border-box}';
    expect(scopeStylesheet(reset, null)).toEqual({ css: reset, hadGlobalSelectors: true });
    expect(scopeStylesheet('@media print{body{color:#000}}', null).hadGlobalSelectors).toBe(true);
  });
});
