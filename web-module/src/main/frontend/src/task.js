import { api, errorText } from './api.js';
import { mountJudgement, submissionFollower } from './judgement.js';
import { loadHistory } from './history.js';

const params = new URLSearchParams(location.search);
const slug = params.get('slug') || '';
const submitButton = document.getElementById('submit');
const judgement = document.getElementById('judgement');
const submitStatus = document.getElementById('submit-status');
const historyTable = document.getElementById('history');
const historyMessage = document.getElementById('history-message');
mountJudgement(judgement);

function openInEditor(submission) {
  const select = document.getElementById('language');
  select.value = submission.language;
  select.dispatchEvent(new Event('change'));
  window.codeArenaEditor.setSource(submission.source);
}

const follow = submissionFollower(judgement, (submission) => {
  const openCode = document.getElementById('open-code');
  openCode.hidden = false;
  openCode.onclick = () => openInEditor(submission);
  if (submission.status === 'JUDGED') {
    submitButton.disabled = false;
    submitStatus.textContent = '';
    loadHistory(historyTable, historyMessage, slug, follow);
  }
});

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
