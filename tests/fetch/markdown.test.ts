import { describe, expect, it } from 'vitest';
import {
  anyToMarkdown,
  htmlToMarkdown,
  isEscapedHtml,
  jobTextToMarkdown,
  textToMarkdown,
} from '../../src/fetch/markdown.js';
import { HTML_ENTITY, HTML_TAG } from './harness.js';

describe('htmlToMarkdown', () => {
  it('keeps headings, lists, emphasis and links; drops scripts, styles, menus, forms and images', () => {
    const html = `
      <style>.x{color:red}</style><script>track("view")</script>
      <nav><a href="/">Home</a></nav>
      <h2>What you&#39;ll do</h2>
      <p>Build <strong>payments</strong> &amp; <em>ledgers</em> at <a href="https://acme.example/about">Acme</a>.</p>
      <ul><li>Go</li><li>Kafka<ul><li>Streams</li></ul></li></ul>
      <ol start="3"><li>Ship</li><li>Measure</li></ol>
      <img src="/pixel.gif" alt=""><form><input name="email"><button>Apply</button></form>`;
    expect(htmlToMarkdown(html)).toBe(
      [
        "## What you'll do",
        '',
        'Build **payments** & _ledgers_ at [Acme](https://acme.example/about).',
        '',
        '- Go',
        '- Kafka',
        '  - Streams',
        '',
        '3. Ship',
        '4. Measure',
      ].join('\n'),
    );
  });

  it('decodes HTML that arrives escaped once more, as Greenhouse sends `content`', () => {
    const escaped =
      '&lt;div class=&quot;content-intro&quot;&gt;&lt;h2&gt;About Vercel:&lt;/h2&gt;\n&lt;p&gt;It&amp;#39;s fast &amp;amp; fun.&lt;/p&gt;&lt;/div&gt;';
    expect(isEscapedHtml(escaped)).toBe(true);
    const markdown = htmlToMarkdown(escaped);
    expect(markdown).toBe("## About Vercel:\n\nIt's fast & fun.");
  });

  it('collapses runs of blank lines and non-breaking spaces', () => {
    const markdown = htmlToMarkdown('<p>One&nbsp;line</p><p><br></p><p>&nbsp;</p><div></div><p>Two</p>');
    expect(markdown).toBe('One line\n\nTwo');
    expect(markdown).not.toMatch(HTML_TAG);
    expect(markdown).not.toMatch(HTML_ENTITY);
  });
});

describe('text and unknown formats', () => {
  it('keeps the line breaks of plain text and decodes stray entities', () => {
    expect(textToMarkdown('Requirements:\r\n- Go\r\n\r\n\r\n\r\n- SQL &amp; dbt\n')).toBe(
      'Requirements:\n- Go\n\n- SQL & dbt',
    );
  });

  it('tells HTML from text by its tags, escaped or not', () => {
    expect(anyToMarkdown('<p>Hello <b>there</b></p>')).toBe('Hello **there**');
    expect(anyToMarkdown('&lt;p&gt;Hello&lt;/p&gt;')).toBe('Hello');
    expect(anyToMarkdown('Use a < b and C++\nsecond line')).toBe('Use a < b and C++\nsecond line');
  });

  it('converts every JobText format', () => {
    expect(jobTextToMarkdown({ format: 'html', content: '<h3>Team</h3><p>Core</p>' })).toBe(
      '### Team\n\nCore',
    );
    expect(jobTextToMarkdown({ format: 'markdown', content: '# Role\n\n\n\nDo things.  \n' })).toBe(
      '# Role\n\nDo things.',
    );
    expect(jobTextToMarkdown({ format: 'text', content: 'Plain\n\n\ntext' })).toBe('Plain\n\ntext');
    // A board that labels HTML as text still gets no tags through.
    expect(jobTextToMarkdown({ format: 'text', content: '<p>Mislabelled</p>' })).toBe('Mislabelled');
  });
});
