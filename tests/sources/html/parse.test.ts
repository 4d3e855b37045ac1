import { describe, expect, it } from 'vitest';
import { Selectors } from '../../../src/config/schema.js';
import { contentJobId, jobIdFromUrl, pageBoard, resolveHttpUrl } from '../../../src/sources/html/ids.js';
import { parseHtmlPage, splitLocations } from '../../../src/sources/html/parse.js';
import type { BoardRef } from '../../../src/sources/shared/records.js';

const PAGE = 'https://www.example.com/company/careers/?page=2';
const ref: BoardRef = {
  kind: 'html',
  company: 'Example',
  board: 'www.example.com/company/careers',
  url: PAGE,
};

const selectors = Selectors.parse({
  item: 'li.opening',
  title: '.opening-title',
  location: '.opening-location',
  department: '.opening-team',
  next_page: 'a.next',
});

const listPage = (items: string, extra = '') => `<!DOCTYPE html><html><head>${extra}</head><body>
<div class="wrap"><div class="inner"><ul class="openings">${items}</ul></div></div>
<nav><a class="prev" href="?page=1">Prev</a> <a class="next" href="?page=3#top">Next</a></nav></body></html>`;

describe('parseHtmlPage', () => {
  it('reads nested markup, resolves every kind of relative link and finds the next page', () => {
    const html = listPage(`
      <li class="opening"><div class="card"><h3 class="opening-title"><a href="/jobs/4012">
          Backend Engineer
        </a></h3><div class="meta"><span class="opening-location">Berlin, Germany</span>
        <span class="opening-team">Engineering</span></div></div></li>
      <li class="opening"><h3 class="opening-title"><a href="../jobs/data-engineer?ref=list">Data Engineer</a></h3>
        <span class="opening-location">New York, NY / Remote - US</span></li>
      <li class="opening"><a href="https://jobs.other.example/apply/77"><span class="opening-title">Designer &amp; Researcher</span></a>
        <span class="opening-location">London</span><span class="opening-location">Dublin</span></li>`);
    const page = parseHtmlPage(html, PAGE, selectors, ref);
    expect(page.itemCount).toBe(3);
    expect(page.nextUrl).toBe('https://www.example.com/company/careers/?page=3#top');
    expect(page.parsed.skipped).toBe(0);
    expect(
      page.parsed.listings.map((l) => ({
        id: l.id,
        jobId: l.jobId,
        title: l.title,
        url: l.url,
        locations: l.locations,
        workplace: l.workplace,
        department: l.department,
      })),
    ).toEqual([
      {
        id: 'html:www.example.com/company/careers:4012',
        jobId: '4012',
        title: 'Backend Engineer',
        url: 'https://www.example.com/jobs/4012',
        locations: ['Berlin, Germany'],
        workplace: null,
        department: 'Engineering',
      },
      {
        id: 'html:www.example.com/company/careers:/company/jobs/data-engineer?ref=list',
        jobId: '/company/jobs/data-engineer?ref=list',
        title: 'Data Engineer',
        url: 'https://www.example.com/company/jobs/data-engineer?ref=list',
        locations: ['New York, NY', 'Remote - US'],
        workplace: 'remote',
        department: null,
      },
      {
        id: 'html:www.example.com/company/careers:77',
        jobId: '77',
        title: 'Designer & Researcher',
        url: 'https://jobs.other.example/apply/77',
        locations: ['London', 'Dublin'],
        workplace: null,
        department: null,
      },
    ]);
  });

  it('honours <base href>, an explicit link selector, and items without any link', () => {
    const html = listPage(
      `<li class="opening"><span class="opening-title">Nurse</span><a class="more" href="#">More</a>
         <a class="apply" href="positions/nurse-12">Apply</a><span class="opening-location">Leeds</span></li>
       <li class="opening"><span class="opening-title">Porter</span><span class="opening-location">York</span></li>`,
      '<base href="https://hr.example.org/portal/">',
    );
    const page = parseHtmlPage(html, PAGE, { ...selectors, link: 'a.apply' }, ref);
    const [nurse, porter] = page.parsed.listings;
    expect(nurse?.url).toBe('https://hr.example.org/portal/positions/nurse-12');
    expect(nurse?.jobId).toBe('nurse-12');
    // No link: a content id, and the page as the best URL there is.
    expect(porter?.jobId).toBe(contentJobId('Porter', 'York'));
    expect(porter?.url).toBe(PAGE);
    expect(page.nextUrl).toBe('https://hr.example.org/portal/?page=3#top');
  });

  it('drops and counts items without a title, and reads an item that is itself the title', () => {
    const html = listPage(`
      <li class="opening"><span class="opening-title">   </span><a href="/jobs/1">x</a></li>
      <li class="opening"><a href="/jobs/2">no title element</a></li>
      <li class="opening opening-title"><a href="/jobs/3">Whole item is the title</a></li>`);
    const page = parseHtmlPage(html, PAGE, selectors, ref);
    expect(page.itemCount).toBe(3);
    expect(page.parsed.listings.map((l) => [l.jobId, l.title])).toEqual([['3', 'Whole item is the title']]);
    expect(page.parsed.skipped).toBe(2);
    expect(page.parsed.warnings).toEqual([
      'skipped 2 malformed item record(s); first: item[0].title: the selectors.title element has no text',
    ]);
  });

  it('has no next page when the link is missing, a fragment, or javascript:', () => {
    const item = '<li class="opening"><a class="opening-title" href="/jobs/9">Nine</a></li>';
    for (const next of [
      '',
      '<a class="next" href="#">Next</a>',
      '<a class="next" href="javascript:void(0)">Next</a>',
    ]) {
      const html = `<ul>${item}</ul>${next}`;
      expect(parseHtmlPage(html, PAGE, selectors, ref).nextUrl).toBeNull();
    }
    expect(
      parseHtmlPage(`<ul>${item}</ul>`, PAGE, { ...selectors, next_page: undefined }, ref).nextUrl,
    ).toBeNull();
  });
});

describe('page ids', () => {
  it('takes an id-like last segment, else path and query, and reads hash routes', () => {
    expect(jobIdFromUrl('https://x.example/jobs/4012')).toBe('4012');
    expect(jobIdFromUrl('https://x.example/en-US/External/job/Austin/Engineer_R246118/')).toBe(
      'Engineer_R246118',
    );
    expect(jobIdFromUrl('https://x.example/jobs/senior-engineer')).toBe('/jobs/senior-engineer');
    expect(jobIdFromUrl('https://x.example/jobs/view.php?id=12')).toBe('/jobs/view.php?id=12');
    expect(jobIdFromUrl('https://x.example/careers/#/jobs/88')).toBe('88');
    expect(jobIdFromUrl('https://x.example/careers/#!/jobs/sales-lead')).toBe('/jobs/sales-lead');
  });

  it('names a board by host and path, and resolves only http(s) links', () => {
    expect(pageBoard('https://Careers.Example.com:8443/jobs/?page=2')).toBe('careers.example.com/jobs');
    expect(resolveHttpUrl('mailto:jobs@example.com', PAGE)).toBeNull();
    expect(resolveHttpUrl('  /a  ', PAGE)).toBe('https://www.example.com/a');
    expect(resolveHttpUrl(null, PAGE)).toBeNull();
  });

  it('splits one location element that lists several places', () => {
    expect(
      splitLocations(['San Francisco, CA | New York, NY', 'Remote • Europe', 'Berlin\n  Munich', 'Berlin']),
    ).toEqual(['San Francisco, CA', 'New York, NY', 'Remote', 'Europe', 'Berlin', 'Munich']);
  });
});
