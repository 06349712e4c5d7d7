import { onPush, pushIsOpen } from './push.js';
import { EditorView, basicSetup } from 'codemirror';
import { signedIn } from './nav.js';
import { Compartment } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { python } from '@codemirror/lang-python';
import { java } from '@codemirror/lang-java';
import { cpp } from '@codemirror/lang-cpp';
import { javascript } from '@codemirror/lang-javascript';
import { StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { oneDarkHighlightStyle } from '@codemirror/theme-one-dark';
import { api, errorText } from './api.js';
import { templates } from './templates.js';
import { mountResults, resultFields } from './results.js';

// the first five languages' highlighting is in the page; the others' is fetched when someone chooses them
const legacy = (load, name) => () => load().then((m) => StreamLanguage.define(m[name]));
const clike = () => import('@codemirror/legacy-modes/mode/clike');
const modes = {
  python, java, cpp, javascript,
  go: () => import('@codemirror/lang-go').then((m) => m.go()),
  rust: () => import('@codemirror/lang-rust').then((m) => m.rust()),
  php: () => import('@codemirror/lang-php').then((m) => m.php()),
  kotlin: legacy(clike, 'kotlin'),
  csharp: legacy(clike, 'csharp'),
  ruby: legacy(() => import('@codemirror/legacy-modes/mode/ruby'), 'ruby'),
  haskell: legacy(() => import('@codemirror/legacy-modes/mode/haskell'), 'haskell'),
};
const languageMode = new Compartment();
// colours of the code that read well on the dark theme's background (the default ones are for light pages)
const darkScheme = window.matchMedia('(prefers-color-scheme: dark)');
const highlighting = new Compartment();
const highlightFor = (dark) => (dark ? syntaxHighlighting(oneDarkHighlightStyle) : []);

const languageSelect = document.getElementById('language');
const stdinInput = document.getElementById('stdin');
const runButton = document.getElementById('run');
const statusLine = document.getElementById('status');
mountResults(document.getElementById('results'));
const fields = resultFields;

// Drafts: each language's code is kept per page (a task, the free editor) in this browser, so that switching
// language or reloading loses nothing; "Reset" goes back to the language's template.
// Keys name the person too: on a shared computer nobody sees another's drafts.
let draftScope = location.pathname + location.search;
let draftOwner = null;
let currentLanguage = null;
let saveTimer = null;
const draftKey = (languageId) => `codearena.draft|${draftOwner}|${draftScope}|${languageId}`;
const languageKey = (scope) => `codearena.language|${draftOwner}|${scope}`;

function saveDraft() {
  clearTimeout(saveTimer);
  if (!currentLanguage || !draftOwner) {
    return;
  }
  try {
    localStorage.setItem(draftKey(currentLanguage), editor.state.doc.toString());
  } catch (full) {
    // storage full or disabled: the editor works on without drafts
  }
}

function savedDraft(languageId) {
  if (!draftOwner) {
    return null;
  }
  try {
    return localStorage.getItem(draftKey(languageId));
  } catch (disabled) {
    return null;
  }
}

const editor = new EditorView({
  parent: document.getElementById('editor'),
  extensions: [
    // Ctrl-Enter (Cmd-Enter on a Mac) runs, as in most online editors
    keymap.of([{ key: 'Mod-Enter', run: () => { if (!runButton.disabled) { runButton.click(); } return true; } }]),
    basicSetup,
    // the code area is a text box with a name for screen readers (axe-core: aria-input-field-name)
    EditorView.contentAttributes.of({ 'aria-label': 'Your program' }),
    languageMode.of([]),
    highlighting.of(highlightFor(darkScheme.matches)),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) {
        clearTimeout(saveTimer);
        saveTimer = setTimeout(saveDraft, 300);
      }
    }),
  ],
});
darkScheme.addEventListener('change', (event) => {
  editor.dispatch({ effects: highlighting.reconfigure(highlightFor(event.matches)) });
});

let languages = [];
let currentRunId = null;
let currentRank = -1;
// pushes and polls may arrive out of order: a run's status only ever moves forward
const statusRank = { QUEUED: 0, RUNNING: 1, FINISHED: 2 };
let pollTimer = null;
let lastPushAt = 0;
let pushedMessages = 0;

function setSource(text) {
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
}

function chooseLanguage(id, source) {
  saveDraft();
  const language = languages.find((l) => l.id === id);
  const mode = language && modes[language.editorMode];
  const highlighting = mode ? mode() : [];
  if (highlighting instanceof Promise) {
    editor.dispatch({ effects: languageMode.reconfigure([]) });
    highlighting.then((extension) => {
      if (currentLanguage === id) editor.dispatch({ effects: languageMode.reconfigure(extension) });
    }).catch(() => { /* without highlighting the editor still works */ });
  } else {
    editor.dispatch({ effects: languageMode.reconfigure(highlighting) });
  }
  currentLanguage = id;
  const draft = savedDraft(id);
  setSource(source !== undefined ? source : draft !== null ? draft : templates[id] || '');
}

/** Shows the scope's last language and its draft (or the template); what was shown before is saved first. */
function enterScope(scope) {
  saveDraft();
  draftScope = scope;
  currentLanguage = null;
  let remembered = null;
  try { remembered = draftOwner && localStorage.getItem(languageKey(scope)); } catch (e) { /* no drafts */ }
  if (remembered && languages.some((l) => l.id === remembered)) {
    languageSelect.value = remembered;
  }
  chooseLanguage(languageSelect.value);
}

function addResetButton() {
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.id = 'reset-code';
  reset.className = 'secondary';
  reset.textContent = 'Reset to the template';
  reset.title = "Replace this language's code with its starting template";
  reset.addEventListener('click', () => {
    if (editor.state.doc.toString() === (templates[currentLanguage] || '')
        || window.confirm("Replace your code in this language with the template? Your draft is lost.")) {
      setSource(templates[currentLanguage] || '');
      saveDraft();
    }
  });
  document.getElementById('editor').after(reset);
}

function showStatus(text, kind) {
  statusLine.textContent = text;
  statusLine.className = `message ${kind}`;
}

function render(run) {
  if (run.id !== currentRunId || statusRank[run.status] <= currentRank) {
    return;
  }
  currentRank = statusRank[run.status];
  if (run.status !== 'FINISHED') {
    showStatus(run.status === 'RUNNING' ? 'Running on a runner…' : 'Waiting for a free runner…', 'working');
    return;
  }
  runButton.disabled = false;
  clearInterval(pollTimer);
  showStatus(`Finished: ${run.verdict}`, run.verdict === 'OK' ? 'ok' : 'error');
  for (const field of fields) {
    const value = run[field];
    document.getElementById(field).textContent =
      value === null || value === undefined ? '' : field === 'timeMillis' ? `${value} ms`
        : field === 'memoryKb' ? `${value} KB` : String(value);
  }
}

function connectPush() {
  onPush((message) => {
    if (message.type === 'submission') {
      // the task page follows its submissions (task.js)
      document.dispatchEvent(new CustomEvent('arena-submission', { detail: message }));
      return;
    }
    if (message.type === undefined && message.id !== undefined) {
      lastPushAt = Date.now();
      pushedMessages += 1;
      render(message);
    }
  });
}

// Polling is the fallback: while the push socket is down, or when it has said nothing of this run for a while.
function pollUntilFinished(runId) {
  clearInterval(pollTimer);
  const acceptedAt = Date.now();
  pollTimer = setInterval(async () => {
    const pushWorks = pushIsOpen() && lastPushAt >= acceptedAt;
    if (pushWorks || (pushIsOpen() && Date.now() - acceptedAt < 5000)) {
      return;
    }
    const result = await api('GET', `/api/v1/runs/${runId}`);
    if (result.ok) {
      render(result.data);
    }
  }, 1000);
}

async function run() {
  runButton.disabled = true;
  for (const field of fields) {
    document.getElementById(field).textContent = '';
  }
  showStatus('Sending…', 'working');
  const result = await api('POST', '/api/v1/runs', {
    language: languageSelect.value,
    source: editor.state.doc.toString(),
    stdin: stdinInput.value,
  });
  if (!result.ok) {
    runButton.disabled = false;
    showStatus(result.status === 401 ? 'Your login expired: log in again.' : errorText(result), 'error');
    return;
  }
  currentRunId = result.data.id;
  currentRank = -1;
  showStatus('Waiting for a free runner…', 'working');
  pollUntilFinished(currentRunId);
  // the result may have been pushed before we knew the id: read it once
  const latest = await api('GET', `/api/v1/runs/${currentRunId}`);
  if (latest.ok) {
    render(latest.data);
  }
}

async function start() {
  const here = `${location.pathname.split('/').pop()}${location.search}`;
  const me = await signedIn(here || 'editor.html');
  if (!me) {
    return;
  }
  draftOwner = me.username;
  const result = await api('GET', '/api/v1/languages');
  languages = result.data || [];
  for (const language of languages) {
    const option = document.createElement('option');
    option.value = language.id;
    option.textContent = `${language.name} (${language.version})`;
    languageSelect.append(option);
  }
  languageSelect.addEventListener('change', () => {
    chooseLanguage(languageSelect.value);
    try { localStorage.setItem(languageKey(draftScope), languageSelect.value); } catch (e) { /* no drafts */ }
  });
  enterScope(draftScope);
  addResetButton();
  window.addEventListener('pagehide', saveDraft);
  runButton.addEventListener('click', run);
  connectPush();
  runButton.disabled = false;
  document.body.dataset.ready = 'true';
}

start();

// for tests and power users: the editor's text
window.codeArenaEditor = {
  getSource: () => editor.state.doc.toString(),
  setSource,
  // another language and its code at once (a past submission, a saved draft)
  load: (languageId, source) => {
    languageSelect.value = languageId;
    chooseLanguage(languageId, source);
  },
  // the assessment page keeps drafts per task: each task is a scope of its own
  setDraftScope: enterScope,
  pushedMessages: () => pushedMessages,
  pushIsOpen,
  lastPushAt: () => lastPushAt,
};
