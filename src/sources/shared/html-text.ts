/**
 * Plain text of an HTML fragment, one line per block, for short blurbs (company "about"). Cheerio
 * is loaded on first use: a scan that researches no company never needs it.
 */
export async function htmlToText(html: string): Promise<string> {
  const { load } = await import('cheerio/slim');
  // Block ends become line breaks; without them "<p>a</p><p>b</p>" would read "ab".
  const spaced = html.replace(/<\/(p|div|li|h[1-6]|tr)>|<br\s*\/?>/gi, (tag) => `${tag}\n`);
  return load(spaced)
    .root()
    .text()
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}
