import type { Selectors } from '../../config/schema.js';

/**
 * Scripts that run inside the page. They are strings on purpose: a function would be serialised
 * from its compiled form, and transpilers (tsx keeps names) add helpers that do not exist in the
 * page. Plain ES5, no closures over Node values; arguments go in as JSON.
 */

/** The selectors the extraction script reads. */
export type ExtractSelectors = Pick<Selectors, 'item' | 'title' | 'link' | 'location' | 'department'>;

/**
 * The same record the html kind builds with Cheerio (src/sources/html/parse.ts extractPageItems):
 * the first match inside the item, or the item itself when it matches; the link's raw href.
 */
const EXTRACT = `(function (s) {
  function within(scope, selector) {
    var found = scope.querySelector(selector);
    if (found) return found;
    return scope.matches(selector) ? scope : null;
  }
  function hrefOf(el) {
    if (!el) return null;
    var own = el.getAttribute('href');
    if (own !== null) return own;
    var inner = el.querySelector('a[href]');
    return inner ? inner.getAttribute('href') : null;
  }
  var items = Array.prototype.map.call(document.querySelectorAll(s.item), function (item) {
    var title = within(item, s.title);
    var department = s.department ? within(item, s.department) : null;
    var locations = s.location
      ? Array.prototype.map.call(item.querySelectorAll(s.location), function (n) { return n.textContent; })
      : [];
    return {
      title: title ? title.textContent : null,
      href: hrefOf(within(item, s.link || 'a[href]')),
      locations: locations,
      department: department ? department.textContent : null
    };
  });
  return { baseUrl: document.baseURI, items: items };
})`;

/**
 * A short fingerprint of the list: its length and the text of its first and last items. A click
 * on "load more" or "next" worked when it changes.
 */
const SIGNATURE = `(function (itemSelector) {
  var items = document.querySelectorAll(itemSelector);
  var n = items.length;
  return n + '|' + (n ? items[0].textContent : '') + '|' + (n ? items[n - 1].textContent : '');
})`;

const only = (s: Selectors): ExtractSelectors => ({
  item: s.item,
  title: s.title,
  ...(s.link ? { link: s.link } : {}),
  ...(s.location ? { location: s.location } : {}),
  ...(s.department ? { department: s.department } : {}),
});

/** An expression that evaluates to the page's ExtractedPage. */
export const extractExpression = (selectors: Selectors): string =>
  `${EXTRACT}(${JSON.stringify(only(selectors))})`;

/** An expression that evaluates to the list's signature. */
export const signatureExpression = (itemSelector: string): string =>
  `${SIGNATURE}(${JSON.stringify(itemSelector)})`;

/** An expression that is true once the list's signature differs from `before`. */
export const changedExpression = (itemSelector: string, before: string): string =>
  `${signatureExpression(itemSelector)} !== ${JSON.stringify(before)}`;
