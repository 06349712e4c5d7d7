// "Try a task now": a visitor runs a program on a task's first example, before signing up (POST /api/v1/trials).
import { api, errorText } from './api.js';
import { templates } from './templates.js';

const form = document.getElementById('try-form');
const taskSelect = document.getElementById('try-task');
const languageSelect = document.getElementById('try-language');
const source = document.getElementById('try-source');
const statement = document.getElementById('try-statement');
const input = document.getElementById('try-input');
const expected = document.getElementById('try-expected');
const verdict = document.getElementById('try-verdict');
const stdout = document.getElementById('try-stdout');
const stderr = document.getElementById('try-stderr');
const runButton = document.getElementById('try-run');

const POLL_MILLIS = 400;
const GIVE_UP_MILLIS = 90_000;
// what the visitor typed per language stays while the page is open
const typed = {};
let shownLanguage = null;

function say(text, kind) {
  verdict.textContent = text;
  verdict.className = `message ${kind}`;
}

function showOutput(element, text) {
  element.textContent = text || '';
  element.hidden = !text;
}

function chooseLanguage() {
  if (shownLanguage) {
    typed[shownLanguage] = source.value;
  }
  shownLanguage = languageSelect.value;
  source.value = typed[shownLanguage] ?? templates[shownLanguage] ?? '';
}

async function chooseTask() {
  const result = await api('GET', `/api/v1/tasks/${encodeURIComponent(taskSelect.value)}`);
  if (!result.ok) {
    say(errorText(result), 'error');
    return;
  }
  const task = result.data;
  // the statement is rendered on the server from Markdown with raw HTML removed (as on the task page)
  statement.innerHTML = task.statementHtml;
  const example = task.samples[0] || { input: '', output: '' };
  input.textContent = example.input;
  expected.textContent = example.output;
}

async function follow(token) {
  const started = Date.now();
  while (Date.now() - started < GIVE_UP_MILLIS) {
    const result = await api('GET', `/api/v1/trials/${token}`);
    if (!result.ok) {
      say(errorText(result), 'error');
      return;
    }
    const trial = result.data;
    if (trial.status === 'FINISHED') {
      showOutput(stdout, trial.stdout);
      showOutput(stderr, trial.stderr);
      if (trial.passed) {
        say(`Right: your output matches the expected output (${trial.timeMillis} ms). Sign up to submit it `
          + 'against every test.', 'ok');
      } else if (trial.verdict === 'OK') {
        say('It ran, but its output differs from the expected output: compare them below.', 'error');
      } else {
        say(`${trial.verdict.replaceAll('_', ' ').toLowerCase()}: see the messages below.`, 'error');
      }
      return;
    }
    say(trial.status === 'RUNNING' ? 'Running…' : 'Waiting for a runner…', 'hint');
    await new Promise((resolve) => setTimeout(resolve, POLL_MILLIS));
  }
  say('No result after a minute and a half: the runners are busy. Try again in a moment.', 'error');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  runButton.disabled = true;
  showOutput(stdout, '');
  showOutput(stderr, '');
  say('Sending…', 'hint');
  try {
    const result = await api('POST', '/api/v1/trials',
      { task: taskSelect.value, language: languageSelect.value, source: source.value });
    if (result.ok) {
      await follow(result.data.token);
    } else {
      say(errorText(result), 'error');
    }
  } finally {
    runButton.disabled = false;
  }
});

source.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
  }
});

export async function startTrying(tasks) {
  const languages = await api('GET', '/api/v1/languages');
  for (const language of languages.data || []) {
    languageSelect.append(new Option(`${language.name} (${language.version})`, language.id));
  }
  for (const task of tasks) {
    taskSelect.append(new Option(`${task.title} · ${task.difficulty.toLowerCase()}`, task.slug));
  }
  // the easiest task that is not only a greeting: one whose example needs reading input
  const first = tasks.find((task) => task.slug === 'sum-of-two') || tasks[0];
  if (first) {
    taskSelect.value = first.slug;
  }
  languageSelect.addEventListener('change', chooseLanguage);
  taskSelect.addEventListener('change', chooseTask);
  chooseLanguage();
  await chooseTask();
  form.dataset.ready = 'true';
}
