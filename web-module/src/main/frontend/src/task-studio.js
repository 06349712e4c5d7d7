import { api, errorText } from './api.js';
import { signedIn } from './nav.js';
import { text, cell } from './dom.js';

// The task studio: the author's tasks; a problem package uploaded as a ZIP; a task written here (statement
// with a live preview, limits, output check, tests, a reference solution). Either way the task is a draft
// while its example submissions are judged; the report fills in as they are, then the task can be published.
const pageMessage = document.getElementById('page-message');
let following = null;
let me = null;

function say(element, content, kind) {
  element.textContent = content;
  element.className = `message ${kind}`;
}

async function loadTasks() {
  const result = await api('GET', '/api/v1/task-packages/tasks');
  const body = document.querySelector('#task-list tbody');
  if (!result.ok) {
    say(pageMessage, errorText(result), 'error');
    return;
  }
  body.replaceChildren();
  if (result.data.length === 0) {
    const row = document.createElement('tr');
    const empty = cell('No tasks yet: import a package or write one below.', 'hint');
    empty.colSpan = 6;
    row.append(empty);
    body.append(row);
  }
  for (const task of result.data) {
    const row = document.createElement('tr');
    const name = document.createElement('td');
    const link = document.createElement('a');
    link.href = `/task.html?slug=${encodeURIComponent(task.slug)}`;
    link.textContent = task.title;
    name.append(link);
    const report = document.createElement('td');
    const action = (label, run) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = label;
      button.addEventListener('click', run);
      report.append(button, ' ');
    };
    if (task.importId) {
      action('Report', () => follow(task.importId));
    }
    // a new version: an authored task is edited here, a package is uploaded again
    if (task.origin === 'authored') {
      action('Edit', () => editTask(task.slug));
    } else {
      action('New version', () => replacePackage(task));
    }
    row.append(name, cell(task.status === 'PUBLISHED' ? 'Published' : 'Draft'),
      cell(task.private ? 'you (private)' : task.public ? 'everyone' : 'not yet listed'),
      cell(String(task.version)),
      cell(task.importStatus ? task.importStatus.toLowerCase() : '—',
        task.importStatus === 'VERIFIED' ? 'ok' : task.importStatus === 'FAILED' ? 'failed' : ''),
      report);
    body.append(row);
  }
}

function replacing(element, label, slug) {
  element.hidden = !slug;
  element.textContent = slug ? label : '';
}

async function editTask(slug) {
  const result = await api('GET', `/api/v1/task-packages/tasks/${encodeURIComponent(slug)}/source`);
  if (!result.ok) {
    say(pageMessage, errorText(result), 'error');
    return;
  }
  const task = result.data;
  const form = document.getElementById('author-form');
  form.dataset.task = slug;
  replacing(document.getElementById('author-replacing'), `Editing “${task.title}” (version ${task.version}): saving `
    + 'makes version ' + (task.version + 1) + ', verified again; submissions judged before keep their results.', slug);
  document.getElementById('author-title').value = task.title;
  const statement = document.getElementById('author-statement');
  statement.value = task.statement;
  statement.dispatchEvent(new Event('input'));
  document.getElementById('author-time').value = task.timeLimitSeconds;
  document.getElementById('author-memory').value = task.memoryMb;
  const check = document.getElementById('author-check');
  check.value = task.comparison;
  check.dispatchEvent(new Event('change'));
  document.getElementById('author-flags').value = task.flags || '';
  if (task.validatorLanguage) {
    document.getElementById('author-validator-language').value = task.validatorLanguage;
    document.getElementById('author-validator-source').value = task.validatorSource;
  }
  document.getElementById('author-per-test').checked = task.perTest;
  document.getElementById('author-tests').replaceChildren();
  for (const test of task.tests) {
    addTest(test.input, test.answer, test.sample);
  }
  document.getElementById('author-ref-language').value = task.referenceLanguage;
  document.getElementById('author-ref-source').value = task.referenceSource;
  document.getElementById('author-submit').textContent = `Save version ${task.version + 1} and verify`;
  form.scrollIntoView({ block: 'start' });
}

function replacePackage(task) {
  const form = document.getElementById('package-form');
  form.dataset.task = task.slug;
  replacing(document.getElementById('package-replacing'), `The next upload is a new version of “${task.title}” `
    + `(now version ${task.version}); submissions judged before keep their results.`, task.slug);
  document.getElementById('package-upload').textContent = `Upload version ${task.version + 1} and verify`;
  form.scrollIntoView({ block: 'start' });
}

function renderReport(state) {
  const section = document.getElementById('report');
  section.hidden = false;
  document.getElementById('report-title').textContent = `Verification of “${state.title}”`;
  const progress = document.getElementById('report-progress');
  progress.max = Math.max(1, state.examples);
  progress.value = state.examplesJudged;
  document.getElementById('report-phase').textContent = state.status === 'VERIFYING'
    ? `${state.examplesJudged} of ${state.examples} example submissions judged (phase ${state.phase}: `
      + `${state.phase === 1 ? 'accepted solutions, to find the time limit' : 'the others, with that limit'})`
    : `${state.examplesJudged} of ${state.examples} example submissions judged`;
  const report = state.report || {};
  document.getElementById('report-limit').textContent = report.timeLimitMillis
    ? `Time limit ${report.timeLimitMillis / 1000} s: ${report.timeLimitExplanation}` : '';
  const warnings = document.getElementById('report-warnings');
  warnings.replaceChildren(...(report.warnings || []).map((warning) => text('li', warning)));
  const body = document.querySelector('#report-examples tbody');
  body.replaceChildren();
  for (const example of report.examples || []) {
    const row = document.createElement('tr');
    row.append(cell(example.path.replace(/^submissions\//, '')), cell(example.language),
      cell(example.expected.replaceAll('_', ' ')), cell(example.verdict || '…'),
      cell(example.score === null || example.score === undefined ? '' : `${example.score} / ${example.maxScore}`),
      cell(example.timeMillis === null || example.timeMillis === undefined ? '' : `${example.timeMillis} ms`),
      cell(example.asExpected ? 'yes' : `no: ${example.note}`, example.asExpected ? 'ok' : 'failed'));
    body.append(row);
  }
  const verdict = document.getElementById('report-verdict');
  const form = document.getElementById('publish-form');
  document.getElementById('report-preview').href = `/task.html?slug=${encodeURIComponent(state.task)}`;
  document.getElementById('report-export').href =
    `/api/v1/task-packages/tasks/${encodeURIComponent(state.task)}/package.zip`;
  form.dataset.slug = state.task;
  const admin = (me.roles || []).includes('ADMIN');
  const offer = document.getElementById('rejudge-offer');
  offer.hidden = !(state.status !== 'VERIFYING' && state.version > 1 && state.submissions > 0);
  offer.dataset.slug = state.task;
  document.getElementById('rejudge-text').textContent = `This is version ${state.version}. `
    + `${state.submissions} submission${state.submissions === 1 ? '' : 's'} of people were judged on the task `
    + 'so far and keep their results.';
  if (state.status === 'VERIFYING') {
    say(verdict, 'Judging the example submissions…', 'working');
    form.hidden = true;
  } else if (state.status === 'VERIFIED') {
    say(verdict, state.taskStatus === 'PUBLISHED' ? 'Verified and published.'
      : 'Verified: every example submission got the verdict its folder promises. Publish it when you are ready.', 'ok');
    form.hidden = false;
    document.getElementById('publish').hidden = state.taskStatus === 'PUBLISHED';
    document.getElementById('publish-note-label').hidden = true;
  } else {
    say(verdict, 'Not verified: the rows marked “no” did not get the verdict their folder promises. Fix the '
      + 'package (or its tests) and import it again.' + (admin ? ' As an ADMIN you may publish it anyway, with a note.' : ''),
      'error');
    form.hidden = false;
    document.getElementById('publish').hidden = !admin || state.taskStatus === 'PUBLISHED';
    document.getElementById('publish-note-label').hidden = !admin;
  }
}

async function follow(importId) {
  if (following) {
    clearTimeout(following);
  }
  const result = await api('GET', `/api/v1/task-packages/imports/${importId}`);
  if (!result.ok) {
    say(pageMessage, errorText(result), 'error');
    return;
  }
  renderReport(result.data);
  document.getElementById('report').scrollIntoView({ block: 'nearest' });
  if (result.data.status === 'VERIFYING') {
    following = setTimeout(() => follow(importId), 1000);
  } else {
    following = null;
    loadTasks();
  }
}

document.getElementById('package-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = document.getElementById('package-message');
  const file = document.getElementById('package-file').files[0];
  if (!file) {
    say(message, 'Choose the package’s ZIP file first.', 'error');
    return;
  }
  say(message, `Uploading ${file.name} (${Math.ceil(file.size / 1024)} KiB)…`, 'working');
  const replaced = event.target.dataset.task;
  const response = await fetch(`/api/v1/task-packages${replaced ? `?task=${encodeURIComponent(replaced)}` : ''}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/zip', 'X-CodeArena-Request': '1' },
    body: file,
  });
  const data = await response.json().catch(() => ({ error: `The server answered ${response.status}.` }));
  if (!response.ok) {
    say(message, data.error || `The server answered ${response.status}.`, 'error');
    return;
  }
  say(message, `Stored as the draft “${data.task}”; its example submissions are being judged.`, 'ok');
  loadTasks();
  follow(data.importId);
});

document.getElementById('rejudge').addEventListener('click', async () => {
  const offer = document.getElementById('rejudge-offer');
  const result = await api('POST', `/api/v1/task-packages/tasks/${encodeURIComponent(offer.dataset.slug)}/rejudge`);
  const text = document.getElementById('rejudge-text');
  if (!result.ok) {
    text.textContent = errorText(result);
    return;
  }
  text.textContent = `${result.data.requeued} submission${result.data.requeued === 1 ? '' : 's'} queued to be `
    + 'judged again on this version (behind people’s own work); their pages show the new results as they come.';
  document.getElementById('rejudge').hidden = true;
});

document.getElementById('publish-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const slug = event.target.dataset.slug;
  const note = document.getElementById('publish-note').value.trim();
  const result = await api('POST', `/api/v1/task-packages/tasks/${encodeURIComponent(slug)}/publish`,
    note ? { note } : {});
  const verdict = document.getElementById('report-verdict');
  if (!result.ok) {
    say(verdict, errorText(result), 'error');
    return;
  }
  say(verdict, result.data.public ? 'Published: it is in the public task list now.'
    : 'Published: you can use it in your assessments now.', 'ok');
  document.getElementById('publish').hidden = true;
  loadTasks();
});

// ---- writing a task -------------------------------------------------------------------------------------

function addTest(input = '', answer = '', sample = false) {
  const row = document.createElement('div');
  row.className = 'test-row';
  const number = document.querySelectorAll('#author-tests .test-row').length + 1;
  const inputLabel = document.createElement('label');
  inputLabel.append(`Test ${number} input`);
  const inputBox = document.createElement('textarea');
  inputBox.rows = 3;
  inputBox.className = 'test-input';
  inputBox.value = input;
  inputLabel.append(inputBox);
  const answerLabel = document.createElement('label');
  answerLabel.append('Expected output');
  const answerBox = document.createElement('textarea');
  answerBox.rows = 3;
  answerBox.className = 'test-answer';
  answerBox.value = answer;
  answerLabel.append(answerBox);
  const sampleLabel = document.createElement('label');
  sampleLabel.className = 'check';
  const sampleBox = document.createElement('input');
  sampleBox.type = 'checkbox';
  sampleBox.className = 'test-sample';
  sampleBox.checked = sample;
  sampleLabel.append(sampleBox, ' an example, shown on the task page');
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'link-button';
  remove.textContent = 'Remove';
  remove.addEventListener('click', () => row.remove());
  row.append(inputLabel, answerLabel, sampleLabel, remove);
  document.getElementById('author-tests').append(row);
}

let previewTimer = null;
document.getElementById('author-statement').addEventListener('input', () => {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(async () => {
    const result = await api('POST', '/api/v1/task-packages/preview',
      { markdown: document.getElementById('author-statement').value });
    if (result.ok) {
      // the server renders it as the task page will: Markdown without raw HTML or scripts
      document.getElementById('author-preview').innerHTML = result.data.html;
    }
  }, 300);
});

document.getElementById('author-check').addEventListener('change', (event) => {
  document.getElementById('author-flags-label').hidden = event.target.value !== 'TOKENS';
  document.getElementById('author-validator').hidden = event.target.value !== 'VALIDATOR';
});
document.getElementById('author-add-test').addEventListener('click', () => addTest());

function base64Of(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

document.getElementById('author-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = document.getElementById('author-message');
  const tests = [...document.querySelectorAll('#author-tests .test-row')].map((row) => ({
    input: row.querySelector('.test-input').value,
    answer: row.querySelector('.test-answer').value,
    sample: row.querySelector('.test-sample').checked,
  }));
  const zip = document.getElementById('author-tests-zip').files[0];
  const check = document.getElementById('author-check').value;
  say(message, 'Saving…', 'working');
  const result = await api('POST', '/api/v1/task-packages/authored', {
    title: document.getElementById('author-title').value,
    statement: document.getElementById('author-statement').value,
    timeLimitSeconds: Number(document.getElementById('author-time').value || 0),
    memoryMb: Number(document.getElementById('author-memory').value || 256),
    comparison: check,
    flags: check === 'TOKENS' ? document.getElementById('author-flags').value : '',
    validatorLanguage: check === 'VALIDATOR' ? document.getElementById('author-validator-language').value : null,
    validatorSource: check === 'VALIDATOR' ? document.getElementById('author-validator-source').value : null,
    perTest: document.getElementById('author-per-test').checked,
    tests,
    testsZip: zip ? await base64Of(zip) : null,
    referenceLanguage: document.getElementById('author-ref-language').value,
    referenceSource: document.getElementById('author-ref-source').value,
    task: event.target.dataset.task || null,
  });
  if (!result.ok) {
    say(message, errorText(result), 'error');
    return;
  }
  say(message, `Saved as the draft “${result.data.task}”; your reference solution is being judged on every test.`, 'ok');
  loadTasks();
  follow(result.data.importId);
});

async function start() {
  me = await signedIn('task-studio.html');
  if (!me) {
    return;
  }
  if (!(me.roles || []).some((role) => role === 'RECRUITER' || role === 'ADMIN')) {
    say(pageMessage, 'The task studio is for RECRUITERs and ADMINs; ask the people who run this CodeArena for '
      + 'the RECRUITER role.', 'error');
    return;
  }
  const languages = await api('GET', '/api/v1/languages');
  for (const select of document.querySelectorAll('select.languages')) {
    for (const language of languages.data || []) {
      const option = document.createElement('option');
      option.value = language.id;
      option.textContent = `${language.name} (${language.version})`;
      select.append(option);
    }
  }
  addTest('', '', true);
  addTest();
  await loadTasks();
  const wanted = new URLSearchParams(location.search).get('import');
  if (wanted) {
    await follow(wanted);
  }
  document.body.dataset.ready = 'true';
}

start();
