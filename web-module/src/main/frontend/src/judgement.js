// A submission's judgement as the task and history pages show it: status, score, a bar of the tests
// (one cell per test, coloured by verdict as results arrive), the tests' table and the message.
// Everything from the server is set with textContent.
import { api } from './api.js';
import { cell } from './dom.js';

const verdictText = {
  OK: 'OK',
  WRONG_ANSWER: 'Wrong answer',
  TIME_LIMIT: 'Time limit exceeded',
  MEMORY_LIMIT: 'Memory limit exceeded',
  RUNTIME_ERROR: 'Runtime error',
  COMPILE_ERROR: 'Compile error',
  OUTPUT_LIMIT: 'Too much output',
  SYSTEM_ERROR: 'System error',
  STOPPED: 'Stopped by an operator',
};

export function describeVerdict(verdict) {
  return verdictText[verdict] || verdict || '';
}

export function mountJudgement(container) {
  // a fixed template: no data goes in here
  container.innerHTML = `
    <p class="judgement-status message" role="status"></p>
    <p class="judgement-score"></p>
    <div class="test-bar" aria-hidden="true"></div>
    <table class="groups" hidden>
      <thead><tr><th>Group</th><th>Points</th></tr></thead>
      <tbody></tbody>
    </table>
    <table class="tests">
      <thead><tr><th>Test</th><th></th><th>Verdict</th><th>Time</th><th>Memory</th><th>Points</th></tr></thead>
      <tbody></tbody>
    </table>
    <pre class="judgement-message" hidden></pre>`;
}


export function renderJudgement(container, submission) {
  const done = submission.tests.filter((t) => t.verdict).length;
  const status = container.querySelector('.judgement-status');
  if (submission.status === 'JUDGED') {
    status.textContent = `Judged: ${describeVerdict(submission.verdict)}`;
    status.className = `judgement-status message ${submission.verdict === 'OK' ? 'ok' : 'error'}`;
  } else if (submission.status === 'JUDGING') {
    status.textContent = `Judging… ${done} of ${submission.testsTotal} tests done`;
    status.className = 'judgement-status message working';
  } else {
    status.textContent = 'Waiting for a free runner…';
    status.className = 'judgement-status message working';
  }
  const score = container.querySelector('.judgement-score');
  score.textContent = submission.score === null || submission.score === undefined ? ''
    : `Score ${submission.score} / ${submission.maxScore} points · ${submission.testsPassed} of `
      + `${submission.testsTotal} tests passed`;
  const bar = container.querySelector('.test-bar');
  bar.replaceChildren(...submission.tests.map((test) => {
    const step = document.createElement('span');
    step.className = `step ${test.verdict ? (test.verdict === 'OK' ? 'ok' : 'failed') : 'pending'}`;
    step.title = `test ${test.ordinal}: ${test.verdict ? describeVerdict(test.verdict) : 'not run yet'}`;
    return step;
  }));
  // a task scored by groups: each group's points as they are earned (all or nothing, a share per test, or the least)
  const groups = (submission.groups || []).filter((group) => group.points > 0);
  const groupTable = container.querySelector('table.groups');
  groupTable.hidden = groups.length === 0;
  groupTable.querySelector('tbody').replaceChildren(...groups.map((group) => {
    const row = document.createElement('tr');
    row.append(cell(group.name.replace(/^secret\/?/, '') || 'all tests'),
      cell(`${group.earned} / ${group.points}`, group.earned === group.points ? 'ok' : group.earned === 0 ? 'failed' : ''));
    return row;
  }));
  container.querySelector('.tests thead th:last-child').textContent =
    submission.tests.some((test) => test.group) ? 'Group' : 'Points';
  const rows = container.querySelector('.tests tbody');
  rows.replaceChildren(...submission.tests.map((test) => {
    const row = document.createElement('tr');
    row.dataset.verdict = test.verdict || '';
    row.append(
      cell(String(test.ordinal)),
      cell(test.sample ? 'example' : 'hidden', 'hint'),
      cell(test.verdict ? describeVerdict(test.verdict) : '…', test.verdict === 'OK' ? 'ok' : test.verdict ? 'failed' : ''),
      cell(test.timeMillis === null || test.timeMillis === undefined ? '' : `${test.timeMillis} ms`),
      cell(test.memoryKb === null || test.memoryKb === undefined ? '' : `${Math.round(test.memoryKb / 1024)} MB`),
      test.group
        ? cell(`${test.group.replace(/^secret\/?/, '') || (test.sample ? 'examples' : 'all')}`
          + (test.share !== null && test.share !== undefined ? ` · ${Math.round(test.share * 100)} %` : ''), 'hint')
        : cell(test.verdict ? `${test.verdict === 'OK' ? test.points : 0} / ${test.points}` : `${test.points}`),
    );
    return row;
  }));
  const message = container.querySelector('.judgement-message');
  message.hidden = !submission.message;
  message.textContent = submission.message || '';
  container.dataset.status = submission.status;
  container.dataset.verdict = submission.verdict || '';
}

// Follows one submission at a time into a judgement container: pushed over the editor's socket (editor.js
// turns submission messages into 'arena-submission' events), polled while the socket is down or silent.
// Pushes and polls may arrive out of order: the view only ever moves forward.
export function submissionFollower(container, onShown) {
  const statusRank = { QUEUED: 0, JUDGING: 1, JUDGED: 1000 };
  let shown = null;
  let shownRank = -1;
  let pollTimer = null;
  const rank = (submission) => statusRank[submission.status] + submission.tests.filter((t) => t.verdict).length;

  function show(submission) {
    if (submission.id !== shown || rank(submission) < shownRank) {
      return;
    }
    shownRank = rank(submission);
    container.hidden = false;
    renderJudgement(container, submission);
    if (submission.status === 'JUDGED') {
      clearInterval(pollTimer);
    }
    onShown(submission);
  }

  async function fetchAndShow(id) {
    const result = await api('GET', `/api/v1/submissions/${id}`);
    if (result.ok) {
      show(result.data);
    }
  }

  document.addEventListener('arena-submission', (event) => show(event.detail));

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
  // a new submission is on its way: the last one's judgement goes, so that it is not taken for the new one's
  follow.reset = () => {
    shown = null;
    clearInterval(pollTimer);
    container.hidden = true;
    container.dataset.status = '';
    container.dataset.verdict = '';
  };
  return follow;
}
