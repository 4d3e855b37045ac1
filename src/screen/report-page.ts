import { escapeHtml, htmlPage, relativeHref } from '../output/html.js';
import type { RankedCandidate, ScreenSummary } from './types.js';

/**
 * index.html of a screening: one table, sortable by any column, filterable by must-haves met and
 * a minimum score; each row opens its criteria with their evidence and links the resume. Job and
 * resume text are untrusted: everything is escaped, and a CSP lets only this page's own script
 * and style run (nothing loads from anywhere).
 */

/** After the shared PAGE_STYLE: a wider page for the table. */
const STYLE = `
body { max-width: 70rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th button { font: inherit; background: none; border: 0; cursor: pointer; padding: 0; }
tr.detail td { background: rgba(127,127,127,.08); }
.missing { color: #b3261e; }
.muted { color: var(--muted); }
.note { color: var(--muted); font-size: .9em; }
`;

const SCRIPT = `
(() => {
  const body = document.querySelector('#ranking tbody');
  const rows = Array.from(body.querySelectorAll('tr.row'));
  const mustOnly = document.getElementById('must-only');
  const minScore = document.getElementById('min-score');
  const shown = document.getElementById('shown');
  const apply = () => {
    const floor = Number(minScore.value) || 0;
    let visible = 0;
    for (const row of rows) {
      const keep = Number(row.dataset.score) >= floor && (!mustOnly.checked || row.dataset.missing === '0');
      row.hidden = !keep;
      const detail = document.getElementById('detail-' + row.dataset.id);
      if (!keep) detail.hidden = true;
      if (keep) visible++;
    }
    shown.textContent = visible + ' of ' + rows.length + ' shown';
  };
  for (const button of document.querySelectorAll('th button')) {
    button.addEventListener('click', () => {
      const key = button.dataset.key;
      const down = button.dataset.dir !== 'desc';
      button.dataset.dir = down ? 'desc' : 'asc';
      const value = (row) => (key === 'file' ? row.dataset.file : Number(row.dataset[key]));
      rows.sort((a, b) => {
        const x = value(a), y = value(b);
        const order = typeof x === 'string' ? x.localeCompare(y) : x - y;
        return down ? -order : order;
      });
      for (const row of rows) body.append(row, document.getElementById('detail-' + row.dataset.id));
    });
  }
  for (const toggle of document.querySelectorAll('button.open')) {
    toggle.addEventListener('click', () => {
      const detail = document.getElementById('detail-' + toggle.dataset.id);
      detail.hidden = !detail.hidden;
      toggle.setAttribute('aria-expanded', String(!detail.hidden));
    });
  }
  mustOnly.addEventListener('change', apply);
  minScore.addEventListener('input', apply);
  apply();
})();
`;

function criteriaTable(c: RankedCandidate): string {
  const rows = c.assessment.criteria.map((k) => {
    const evidence = k.evidence.length
      ? k.evidence
          .map((e) => `<div>${escapeHtml(e.section)}, line ${e.line}: ${escapeHtml(e.text)}</div>`)
          .join('')
      : '<span class="muted">no evidence found</span>';
    const years = k.years !== undefined ? ` <span class="note">(${k.years} years)</span>` : '';
    const note = k.note ? `<div class="note">${escapeHtml(k.note)}</div>` : '';
    return `<tr><td>${k.must ? 'must' : 'nice'}</td><td>${escapeHtml(k.label)}${years}</td><td>${Math.round(k.score * 100)}%</td><td>${escapeHtml(k.by)}</td><td>${evidence}${note}</td></tr>`;
  });
  return `<table><thead><tr><th>type</th><th>criterion</th><th>met</th><th>by</th><th>evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function row(c: RankedCandidate, mustTotal: number): string {
  const id = escapeHtml(c.id);
  const missing = c.assessment.missingMust;
  const who = c.name
    ? `${escapeHtml(c.name)}<br><span class="muted">${escapeHtml(c.file)}</span>`
    : escapeHtml(c.file);
  return `<tr class="row" data-id="${id}" data-score="${c.assessment.score}" data-rank="${c.rank}" data-missing="${missing.length}" data-years="${c.assessment.totalYears}" data-file="${escapeHtml(c.file)}">
<td>${c.rank}</td><td><button class="open" data-id="${id}" aria-expanded="false">${id}</button></td><td>${who}</td><td>${c.assessment.score}</td>
<td>${mustTotal - missing.length}/${mustTotal}${missing.length ? `<div class="missing">missing: ${escapeHtml(missing.join(', '))}</div>` : ''}</td>
<td>${c.assessment.totalYears}</td><td><a href="${relativeHref(c.resumeFile)}">resume</a> · <a href="${relativeHref('candidates', `${c.id}.json`)}">json</a></td></tr>
<tr class="detail" id="detail-${id}" hidden><td colspan="7">${criteriaTable(c)}</td></tr>`;
}

export function renderScreenPage(summary: ScreenSummary): string {
  const mustTotal = summary.requirements.criteria.filter((c) => c.must).length;
  const title = escapeHtml(summary.job.title ?? 'the job');
  const notScreened = summary.notScreened.length
    ? `<h2>Not screened (${summary.notScreened.length})</h2><ul>${summary.notScreened.map((s) => `<li>${escapeHtml(s.file)}: ${escapeHtml(s.reason)}</li>`).join('')}</ul>`
    : '';
  const discarded = summary.discardedQuotes
    ? `<p class="note">${summary.discardedQuotes} model quotes were not found in their resumes and were discarded.</p>`
    : '';
  const header = `<h1>Screening for ${title}${summary.job.company ? ` at ${escapeHtml(summary.job.company)}` : ''}</h1>
<p>${summary.ranked.length} screened against ${summary.requirements.criteria.length} criteria (${mustTotal} must-haves). The tool ranks; a person decides. <a href="requirements.json">requirements.json</a> · <a href="ranking.csv">ranking.csv</a></p>
${discarded}
<div class="filters">
<label><input id="must-only" type="checkbox"> All must-haves met</label>
<label>Minimum score <input id="min-score" type="number" min="0" max="100" step="5" value="${summary.options.minScore}"></label>
<span id="shown"></span>
</div>`;
  const main = `<table id="ranking"><thead><tr>
<th><button data-key="rank">#</button></th><th>id</th><th><button data-key="file">candidate</button></th><th><button data-key="score">score</button></th>
<th><button data-key="missing">must-haves</button></th><th><button data-key="years">years</button></th><th>files</th>
</tr></thead><tbody>
${summary.ranked.map((c) => row(c, mustTotal)).join('\n')}
</tbody></table>
${notScreened}`;
  return htmlPage({
    title: `Screening: ${summary.job.title ?? 'the job'}`,
    header,
    main,
    script: SCRIPT,
    style: STYLE,
  });
}
