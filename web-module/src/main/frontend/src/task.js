import { api, errorText } from './api.js';
import { mountJudgement, submissionFollower } from './judgement.js';
import { loadHistory } from './history.js';
import { mountChat } from './chat.js';

const params = new URLSearchParams(location.search);
const slug = params.get('slug') || '';
// task.html?slug=T&contest=C: submissions go to the contest (and count on its leaderboard)
const contestSlug = params.get('contest');
const submitButton = document.getElementById('submit');
const judgement = document.getElementById('judgement');
const submitStatus = document.getElementById('submit-status');
const historyTable = document.getElementById('history');
const historyMessage = document.getElementById('history-message');
mountJudgement(judgement);

const follow = submissionFollower(judgement, (submission) => {
  const openCode = document.getElementById('open-code');
  openCode.hidden = false;
  openCode.onclick = () => window.codeArenaEditor.load(submission.language, submission.source);
  if (submission.status === 'JUDGED') {
    submitButton.disabled = false;
    submitStatus.textContent = '';
    loadHistory(historyTable, historyMessage, slug, follow);
  }
});

async function submit() {
  submitButton.disabled = true;
  follow.reset();
  submitStatus.className = 'message working';
  submitStatus.textContent = 'Sending…';
  const target = contestSlug ? `/api/v1/contests/${encodeURIComponent(contestSlug)}/submissions` : '/api/v1/submissions';
  const result = await api('POST', target, {
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
  submitStatus.textContent = contestSlug
    ? 'Submitted to the contest: judged on every test, results appear below; the leaderboard follows.'
    : 'Submitted: judged on every test, results appear below as they come.';
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
  let result = await api('GET', `/api/v1/tasks/${encodeURIComponent(slug)}`);
  if (result.status === 404) {
    // not in the public list: its author (or an ADMIN) sees their draft or private task as candidates will
    const own = await api('GET', `/api/v1/task-packages/tasks/${encodeURIComponent(slug)}`);
    if (own.ok) {
      result = own;
    }
  }
  const title = document.getElementById('task-title');
  if (!result.ok) {
    title.textContent = 'Task not found';
    document.getElementById('statement').textContent = `${errorText(result)} — see all tasks.`;
    return;
  }
  const task = result.data;
  document.title = `CodeArena — ${task.title}`;
  title.textContent = task.status === 'DRAFT' ? `${task.title} (draft: only you see it)`
    : task.private ? `${task.title} (private: you and your candidates)` : task.title;
  document.getElementById('task-facts').textContent = `${task.difficulty.toLowerCase()} · time limit `
    + `${task.timeLimitMillis / 1000} s · memory ${Math.round(task.memoryLimitKb / 1024)} MB · `
    + `${task.hiddenTests} hidden tests, ${task.points} points`;
  const discuss = document.getElementById('discuss');
  discuss.href = `/forum/c/task-${encodeURIComponent(task.slug)}`;
  discuss.hidden = false;
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
  if (contestSlug) {
    const banner = document.getElementById('contest-banner');
    banner.hidden = false;
    const link = document.createElement('a');
    link.href = `contest.html?slug=${encodeURIComponent(contestSlug)}`;
    link.textContent = 'the contest and its leaderboard';
    banner.append('Submissions here count in the contest: back to ', link);
    submitButton.textContent = 'Submit to the contest';
  }
  submitButton.addEventListener('click', submit);
  submitButton.disabled = false;
  mountChat(document.getElementById('chat-panel'), { room: `task:${task.slug}`, compact: true });
  await loadHistory(historyTable, historyMessage, slug, follow);
  if (params.get('submission')) {
    follow(Number(params.get('submission')));
  }
  document.body.dataset.taskReady = 'true';
}

start();
