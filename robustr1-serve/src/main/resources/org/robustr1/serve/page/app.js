// The Robust-R1 page: no framework, no build step. State: the info from /api/info, the original
// image (data URL), the degraded one and the record the server applied.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { seq: 0, info: null, source: null, degraded: null, record: null, serverDegraded: false, controllers: [] };

async function postJson(path, body, signal) {
  const resp = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body), signal });
  const json = await resp.json();
  if (!resp.ok) {
    throw new Error((json.error && json.error.message) || ('HTTP ' + resp.status));
  }
  return json;
}

function status(el, text, error) {
  el.textContent = text || '';
  el.classList.toggle('error', !!error);
}

async function init() {
  const info = await (await fetch('/api/info')).json();
  state.info = info;
  $('models').innerHTML = '';
  const m = document.createElement('span');
  m.innerHTML = 'model <b></b>' + (info.baseline ? ' · baseline <b></b>' : '');
  m.querySelectorAll('b')[0].textContent = info.model;
  if (info.baseline) m.querySelectorAll('b')[1].textContent = info.baseline;
  $('models').appendChild(m);
  $('max-tokens').value = info.max_tokens;
  let stage = null, group = null;
  for (const op of info.ops) {
    if (op.stage !== stage) {
      stage = op.stage;
      group = document.createElement('optgroup');
      group.label = stage;
      $('op').appendChild(group);
    }
    const o = document.createElement('option');
    o.value = op.op;
    o.textContent = op.name;
    group.appendChild(o);
  }
  for (const ex of info.examples) {
    const b = document.createElement('button');
    b.textContent = ex.id;
    b.title = ex.title;
    b.className = 'example';
    b.dataset.id = ex.id;
    b.addEventListener('click', () => loadExample(ex));
    $('examples').appendChild(b);
  }
  if (info.examples.length > 0) loadExample(info.examples[0]);
}

async function loadExample(ex) {
  const blob = await (await fetch('/api/examples/' + ex.id + '.png')).blob();
  state.source = await dataUrl(blob);
  $('question').value = ex.question;
  await degrade();
}

function dataUrl(blob) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

function mode() {
  return document.querySelector('input[name=mode]:checked').value;
}

async function degrade() {
  if (!state.source) return;
  const m = mode();
  $('op').disabled = m !== 'op';
  $('intensity').disabled = m !== 'op';
  status($('image-status'), 'degrading…');
  const seq = ++state.seq;
  try {
    const r = await postJson('/api/degrade', { image: state.source, mode: m, op: $('op').value,
      intensity: parseFloat($('intensity').value), seed: parseInt($('seed').value || '0', 10) });
    if (seq !== state.seq) return;
    $('original').src = r.original;
    $('degraded').src = r.degraded;
    state.degraded = r.degraded;
    state.record = r.record;
    state.serverDegraded = m !== 'none';
    $('record-summary').textContent = r.record.length === 0 ? '(clean)'
      : r.record.map((d) => d.op + '(' + d.intensity.toFixed(2) + ')').join(', ');
    $('degraded').dataset.record = JSON.stringify(r.record);
    $('download-record').disabled = false;
    $('ask').disabled = false;
    status($('image-status'), r.width + '×' + r.height + ', total intensity ' + r.total_intensity.toFixed(2));
  } catch (e) {
    if (seq === state.seq) status($('image-status'), e.message, true);
  }
}

function prompt() {
  const q = $('question').value;
  switch ($('instruction').value) {
    case 'app': return q.replace(/\s+$/, '') + '\n' + state.info.instructions.app;
    case 'train': return state.info.instructions.train_template.replace('{Question}', q.endsWith('\n') ? q : q + '\n');
    default: return q;
  }
}

function ask() {
  stopAll();
  $('answers').innerHTML = '';
  const models = [state.info.model].concat(state.info.baseline ? [state.info.baseline] : []);
  const text = prompt();
  const record = state.serverDegraded ? state.record : null;
  $('stop').disabled = false;
  Promise.all(models.map((m) => answer(m, column(m), text, record))).finally(() => { $('stop').disabled = true; });
}

function column(model) {
  const col = $('column-template').content.firstElementChild.cloneNode(true);
  col.dataset.model = model;
  col.querySelector('.model-name').textContent = model;
  $('answers').appendChild(col);
  return col;
}

async function answer(model, col, text, record) {
  const controller = new AbortController();
  state.controllers.push(controller);
  const body = {
    model, stream: true, stream_options: { include_usage: true },
    temperature: parseFloat($('temperature').value), max_tokens: parseInt($('max-tokens').value, 10),
    messages: [{ role: 'user', content: [
      { type: 'image_url', image_url: { url: state.degraded } }, { type: 'text', text }] }],
  };
  const raw = col.querySelector('.raw');
  const st = col.querySelector('.state');
  status(st, 'waiting…');
  let out = '', usage = null;
  try {
    const resp = await fetch('/v1/chat/completions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body), signal: controller.signal });
    if (!resp.ok) {
      const j = await resp.json();
      throw new Error(j.error ? j.error.message : 'HTTP ' + resp.status);
    }
    const reader = resp.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    status(st, 'streaming…');
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const event = buf.slice(0, i);
        buf = buf.slice(i + 2);
        for (const line of event.split('\n')) {
          if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
          const chunk = JSON.parse(line.slice(6));
          if (chunk.error) throw new Error(chunk.error.message);
          if (chunk.usage) usage = chunk.usage;
          const c = chunk.choices && chunk.choices[0];
          if (c && c.delta && c.delta.content) {
            out += c.delta.content;
            raw.textContent = out;
          }
        }
      }
    }
    status(st, usage ? usage.prompt_tokens + ' prompt tokens, ' + usage.completion_tokens + ' generated' : 'done');
  } catch (e) {
    status(st, e.name === 'AbortError' ? 'stopped' : e.message, e.name !== 'AbortError');
    if (e.name !== 'AbortError') return;
  }
  const view = await postJson('/api/parse', { text: out, record, completion_tokens: usage ? usage.completion_tokens : 0 });
  renderChain(col, view);
}

function renderChain(col, v) {
  const chain = col.querySelector('.chain');
  for (const name of ['TYPE', 'INFLUENCE', 'REASONING', 'CONCLUSION', 'ANSWER']) {
    const s = chain.querySelector('.section-' + name);
    s.classList.toggle('missing', v.sections[name] === null);
    const t = s.querySelector('.text');
    if (t) t.textContent = v.sections[name] || '';
  }
  const chips = chain.querySelector('.chips');
  chips.innerHTML = '';
  for (const t of v.types) {
    const chip = document.createElement('div');
    chip.className = 'chip ' + (!t.known ? 'unknown' : t.hit === undefined ? '' : t.hit ? 'hit' : 'miss');
    const mark = !t.known ? 'unknown type' : t.hit === undefined ? '' : t.hit ? '✓ applied ' + t.applied_intensity.toFixed(2) : '✗ not applied';
    chip.innerHTML = '<div class="label"><span class="name"></span><span class="value"></span></div>'
      + '<div class="strength-bar"><div class="fill"></div></div><div class="label"><span class="mark"></span></div>';
    chip.querySelector('.name').textContent = t.name;
    chip.querySelector('.value').textContent = t.strength.toFixed(2);
    chip.querySelector('.fill').style.width = Math.min(100, 100 * t.strength) + '%';
    if (t.hit) {
      const a = document.createElement('div');
      a.className = 'applied';
      a.style.left = Math.min(100, 100 * t.applied_intensity) + '%';
      chip.querySelector('.strength-bar').appendChild(a);
    }
    chip.querySelector('.mark').textContent = mark;
    chips.appendChild(chip);
  }
  chain.querySelector('.missed').textContent = v.missed.length === 0 ? ''
    : 'applied but not named: ' + v.missed.map((m) => m.name + ' (' + m.intensity.toFixed(2) + ')').join(', ');
  chain.querySelector('.answer').textContent = v.answer === null ? '—' : v.answer;
  const len = v.length;
  const max = Math.max(len.tokens, len.target) * 1.1 || 1;
  chain.querySelector('.length-text').textContent = 'chain length ' + len.tokens + ' tokens; target '
    + Math.round(len.target) + ' (length policy at total intensity ' + len.total_intensity.toFixed(2) + ', ' + len.basis + ')';
  chain.querySelector('.length .fill').style.width = (100 * len.tokens / max) + '%';
  chain.querySelector('.length .target').style.left = (100 * len.target / max) + '%';
  const problems = chain.querySelector('.problems');
  problems.innerHTML = '';
  for (const p of v.problems) {
    const li = document.createElement('li');
    li.textContent = p.kind.toLowerCase().replace(/_/g, ' ') + (p.section ? ' ' + p.section : '') + ': ' + p.message;
    problems.appendChild(li);
  }
  chain.hidden = false;
}

function stopAll() {
  state.controllers.forEach((c) => c.abort());
  state.controllers = [];
}

function downloadRecord() {
  const blob = new Blob([JSON.stringify(state.record, null, 2) + '\n'], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'degradation_record.json';
  a.click();
  URL.revokeObjectURL(a.href);
}

$('file').addEventListener('change', async (e) => {
  const f = e.target.files[0];
  if (!f) return;
  state.source = await dataUrl(f);
  await degrade();
});
document.querySelectorAll('input[name=mode]').forEach((r) => r.addEventListener('change', degrade));
$('op').addEventListener('change', degrade);
$('seed').addEventListener('change', degrade);
$('intensity').addEventListener('input', () => { $('intensity-value').textContent = parseFloat($('intensity').value).toFixed(2); });
$('intensity').addEventListener('change', degrade);
$('ask').addEventListener('click', ask);
$('stop').addEventListener('click', stopAll);
$('download-record').addEventListener('click', downloadRecord);
init().catch((e) => status($('image-status'), e.message, true));
