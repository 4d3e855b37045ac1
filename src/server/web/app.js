// The job-matcher page. The token lives in this variable; in sessionStorage only when the user
// ticks the box; never in a URL. Everything from the server is put in the page as text, never HTML.

let token = sessionStorage.getItem('jm-token') || '';
let openTask = null;
const streams = new Map();
const $ = (id) => document.getElementById(id);

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

async function api(path, options) {
  const init = Object.assign({}, options || {});
  init.headers = Object.assign({ authorization: `Bearer ${token}` }, init.headers || {});
  const res = await fetch(path, init);
  if (!res.ok) {
    let detail = `${res.status}`;
    try {
      detail = (await res.json()).detail || detail;
    } catch (_) {}
    const error = new Error(detail);
    error.status = res.status;
    throw error;
  }
  return res;
}

async function signIn(event) {
  event.preventDefault();
  token = $('token').value.trim();
  try {
    await api('/api/tasks?limit=1');
  } catch (error) {
    $('signin-error').textContent = `Sign-in failed: ${error.message}`;
    token = '';
    return;
  }
  if ($('remember').checked) sessionStorage.setItem('jm-token', token);
  $('token').value = '';
  showApp();
}

function showApp() {
  $('signin').hidden = true;
  $('app').hidden = false;
  refreshTasks();
}

function progressText(p) {
  return `${p.done + p.failed}/${p.total}${p.failed ? ` (${p.failed} failed)` : ''}`;
}

function fraction(t) {
  if (t.state === 'succeeded') return 1;
  return t.progress.total ? (t.progress.done + t.progress.failed) / t.progress.total : 0;
}

function taskRow(t) {
  const row = el('tr', undefined, { class: 'task-row', 'data-id': t.id, 'data-state': t.state });
  row.append(el('td', t.kind), el('td', t.state, { class: 'state' }));
  const cell = el('td');
  const bar = el('progress', undefined, { max: '1', value: String(fraction(t)) });
  cell.append(bar, el('span', ` ${progressText(t.progress)}`, { class: 'count' }));
  row.append(cell, el('td', new Date(t.createdAt).toLocaleString()));
  row.addEventListener('click', () => openTaskPage(t.id));
  return row;
}

async function refreshTasks() {
  const res = await api('/api/tasks?limit=50');
  const { tasks } = await res.json();
  const body = $('tasks').tBodies[0];
  body.replaceChildren(...tasks.map(taskRow));
  for (const t of tasks) if (t.state === 'queued' || t.state === 'running') follow(t.id);
}

function updateRow(t) {
  const row = document.querySelector(`tr.task-row[data-id="${CSS.escape(t.id)}"]`);
  if (row) row.replaceWith(taskRow(t));
  if (openTask === t.id) renderTask(t);
}

/** SSE over fetch (EventSource cannot send the token as a header). */
async function follow(id) {
  if (streams.has(id)) return;
  const stop = new AbortController();
  streams.set(id, stop);
  try {
    const res = await api(`/api/tasks/${encodeURIComponent(id)}/events`, { signal: stop.signal });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const chunk = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = chunk.split('\n').find((line) => line.startsWith('data: '));
        if (data) await onEvent(id, JSON.parse(data.slice(6)));
        end = buffer.indexOf('\n\n');
      }
    }
  } catch (_) {
    // The stream broke (or was stopped): the status below is the fallback.
  } finally {
    streams.delete(id);
  }
  const res = await api(`/api/tasks/${encodeURIComponent(id)}`);
  updateRow(await res.json());
}

async function onEvent(id, event) {
  if (event.type === 'progress' || event.type === 'run-started' || event.type === 'run-finished') {
    const res = await api(`/api/tasks/${encodeURIComponent(id)}`);
    updateRow(await res.json());
  }
}

async function start(event) {
  event.preventDefault();
  $('start-error').textContent = '';
  const kind = document.querySelector('input[name="kind"]:checked').value;
  const form = new FormData();
  for (const file of $('resumes').files) form.append('resumes', file, file.name);
  if ($('job_text').value.trim()) form.append('job_text', $('job_text').value);
  if ($('job_url').value.trim()) form.append('job_url', $('job_url').value.trim());
  if (kind === 'screenings' && $('llm').checked) form.append('llm', 'true');
  if (kind === 'tailorings' && $('company_url').value.trim())
    form.append('company_url', $('company_url').value.trim());
  $('start').disabled = true;
  try {
    const res = await api(`/api/${kind}`, {
      method: 'POST',
      body: form,
      headers: { prefer: 'respond-async' },
    });
    const task = await res.json();
    await refreshTasks();
    openTaskPage(task.id);
  } catch (error) {
    $('start-error').textContent = `Could not start: ${error.message}`;
  } finally {
    $('start').disabled = false;
  }
}

async function openTaskPage(id) {
  openTask = id;
  const res = await api(`/api/tasks/${encodeURIComponent(id)}`);
  renderTask(await res.json());
  $('task').hidden = false;
}

function rankingRows(result) {
  // A screening's ranked candidates, or a tailoring's people.
  const list = (result && (result.ranked || result.people)) || [];
  return Array.isArray(list) ? list : [];
}

function renderTask(t) {
  $('task-id').textContent = t.id;
  $('task-state').textContent = t.state;
  $('task-bar').value = fraction(t);
  $('task-count').textContent = progressText(t.progress);
  $('cancel').disabled = !(t.state === 'queued' || t.state === 'running');
  const rows = rankingRows(t.result);
  const body = $('ranking').tBodies[0];
  body.replaceChildren(
    ...rows.map((r, i) => {
      const row = el('tr');
      row.append(
        el('td', r.rank || i + 1),
        el('td', r.name || r.person || r.label || r.file || ''),
        el('td', r.assessment ? r.assessment.score : ''),
        el('td', r.file || r.folder || r.resumeFile || ''),
      );
      return row;
    }),
  );
  $('ranking').hidden = rows.length === 0;
  renderReview(t).catch((error) => {
    $('review').hidden = true;
    console.warn(`review: ${error.message}`);
  });
  $('files').replaceChildren(
    ...(t.files || []).map((f) => {
      const link = el('a', `${f.name} (${f.size} bytes)`, { href: '#', 'data-name': f.name });
      link.addEventListener('click', (e) => {
        e.preventDefault();
        download(f.url, f.name.split('/').pop());
      });
      const item = el('li');
      item.append(link);
      return item;
    }),
  );
}

/** A match run's applications with their marks; the buttons store a mark per candidate. */
async function renderReview(t) {
  const section = $('review');
  if (t.kind !== 'match' || t.state !== 'succeeded') {
    section.hidden = true;
    return;
  }
  const res = await api(`/api/tasks/${encodeURIComponent(t.id)}/review`);
  const review = await res.json();
  if (openTask !== t.id) return;
  const rows = [];
  for (const c of review.candidates) {
    for (const a of c.applications) {
      const row = el('tr', undefined, { class: 'application', 'data-job': a.id, 'data-mark': a.mark || '' });
      row.append(el('td', c.candidate), el('td', a.company), el('td', a.title), el('td', a.score));
      row.append(el('td', a.mark ? a.mark.replace('_', ' ') : '', { class: 'mark' }));
      const actions = el('td');
      for (const [mark, label] of [
        ['applied', 'Applied'],
        ['not_interested', 'Not interested'],
      ]) {
        const button = el('button', label, { type: 'button', class: `mark-${mark}` });
        button.addEventListener('click', async () => {
          const path = `/api/candidates/${encodeURIComponent(c.candidate)}/marks/${encodeURIComponent(a.id)}`;
          await api(path, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ mark }),
          });
          row.setAttribute('data-mark', mark);
          row.querySelector('.mark').textContent = mark.replace('_', ' ');
        });
        actions.append(button);
      }
      row.append(actions);
      rows.push(row);
    }
  }
  $('review-table').tBodies[0].replaceChildren(...rows);
  section.hidden = false;
}

async function download(url, name) {
  const res = await api(url);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const link = el('a', undefined, { href, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

document.addEventListener('DOMContentLoaded', () => {
  $('signin-form').addEventListener('submit', signIn);
  $('start-form').addEventListener('submit', start);
  $('cancel').addEventListener('click', async () => {
    if (!openTask) return;
    const res = await api(`/api/tasks/${encodeURIComponent(openTask)}`, { method: 'DELETE' });
    updateRow(await res.json());
  });
  $('zip').addEventListener('click', (e) => {
    e.preventDefault();
    if (openTask) download(`/api/tasks/${encodeURIComponent(openTask)}/download.zip`, `task-${openTask}.zip`);
  });
  if (token) showApp();
});
