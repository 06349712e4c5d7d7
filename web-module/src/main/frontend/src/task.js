import { api, errorText } from './api.js';
import { mountJudgement, renderJudgement } from './judgement.js';
import { loadHistory } from './history.js';

const params = new URLSearchParams(location.search);
const slug = params.get('slug') || '';
const submitButton = document.getElementById('submit');
const judgement = document.getElementById('judgement');
const submitStatus = document.getElementById('submit-status');
const historyTable = document.getElementById('history');
const historyMessage = document.getElementById('history-message');
mountJudgement(judgement);

// the submission on show; pushes and polls may arrive out of order: only ever move forward
let shown = null;
let shownRank = -1;
let pollTimer = null;
const statusRank = { QUEUED: 0, JUDGING: 1, JUDGED: 1000 };

function rank(submission) {
  return statusRank[submission.status] + submission.tests.filter((t) => t.verdict).length;
}

function show(submission) {
  if (submission.id !== shown || rank(submission) < shownRank) {
    return;
  }
  shownRank = rank(submission);
  judgement.hidden = false;
  renderJudgement(judgement, submission);
  const openCode = document.getElementById('open-code');
  openCode.hidden = false;
  openCode.onclick = () => openInEditor(submission);
  if (submission.status === 'JUDGED') {
    clearInterval(pollTimer);
    submitButton.disabled = false;
    submitStatus.textContent = '';
    loadHistory(historyTable, historyMessage, slug, follow);
  }
}

function openInEditor(submission) {
  const select = document.getElementById('language');
  select.value = submission.language;
  select.dispatchEvent(new Event('change'));
  window.codeArenaEditor.setSource(submission.source);
}

async function fetchAndShow(id) {
  const result = await api('GET', `/api/v1/submissions/${id}`);
  if (result.ok) {
    show(result.data);
  }
}

// Follow one submission: pushed over the editor's socket; polled while the socket is down or silent.
function follow(id) {
  shown = id;
  shownRank = -1;
  clearInterval(pollTimer);
  const since = Date.now();
  pollTimer = setInterval(() => {
    const editor = window.codeArenaEditor;
    const quiet = Date.now() - Math.max(since, editor.lastPushAt()) > 5000;
    if (!editor.pushIsOpen() || quiet) {
      fetchAndShow(id);
    }
  }, 2000);
  fetchAndShow(id);
}

document.addEventListener('arena-submission', (event) => show(event.detail));

async function submit() {
  submitButton.disabled = true;
  submitStatus.className = 'message working';
  submitStatus.textContent = 'Sending…';
  const result = await api('POST', '/api/v1/submissions', {
    task: slug,
    language: document.getElementById('language').value,
    source: window.codeArenaEditor.getSource(),
  });
  if (!result.ok) {
    submitButton.disabled = false;
    submitStatus.className = 'message error';
    submitStatus.textContent = result.status === 401 ? 'Your login expired: log in again.' : errorText(result);
    return;
  }
  submitStatus.textContent = 'Submitted: judged on every test, results appear below as they come.';
  follow(result.data.id);
}

function block(label, text) {
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = label;
  const pre = document.createElement('pre');
  pre.textContent = text;
  figure.append(caption, pre);
  return figure;
}

async function start() {
  const result = await api('GET', `/api/v1/tasks/${encodeURIComponent(slug)}`);
  const title = document.getElementById('task-title');
  if (!result.ok) {
    title.textContent = 'Task not found';
    document.getElementById('statement').textContent = `${errorText(result)} — see all tasks.`;
    return;
  }
  const task = result.data;
  document.title = `CodeArena — ${task.title}`;
  title.textContent = task.title;
  document.getElementById('task-facts').textContent = `${task.difficulty.toLowerCase()} · time limit `
    + `${task.timeLimitMillis / 1000} s · memory ${Math.round(task.memoryLimitKb / 1024)} MB · `
    + `${task.hiddenTests} hidden tests, ${task.points} points`;
  // rendered on the server from Markdown, with any raw HTML escaped
  document.getElementById('statement').innerHTML = task.statementHtml;
  const samples = document.getElementById('samples');
  task.samples.forEach((sample, index) => {
    const pair = document.createElement('div');
    pair.className = 'sample';
    pair.append(block(`Input ${index + 1}`, sample.input), block(`Expected output ${index + 1}`, sample.output));
    const use = document.createElement('button');
    use.type = 'button';
    use.className = 'link use-sample';
    use.textContent = 'Use this input';
    use.addEventListener('click', () => { document.getElementById('stdin').value = sample.input; });
    pair.append(use);
    samples.append(pair);
  });
  if (task.samples.length > 0) {
    document.getElementById('stdin').value = task.samples[0].input;
  }
  submitButton.addEventListener('click', submit);
  submitButton.disabled = false;
  await loadHistory(historyTable, historyMessage, slug, follow);
  if (params.get('submission')) {
    follow(Number(params.get('submission')));
  }
  document.body.dataset.taskReady = 'true';
}

start();
