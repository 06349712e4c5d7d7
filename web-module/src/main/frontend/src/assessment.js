import { api, errorText } from './api.js';
import { signedIn } from './nav.js';
import { mountChat } from './chat.js';
import { describeVerdict, mountJudgement, submissionFollower } from './judgement.js';
import { openCameras, startProctoring } from './proctoring.js';

// The candidate's page: the link's token names their invitation. Before Start: what the assessment is.
// After: the tasks, an editor, and a countdown from the server's clock; at zero, the code on screen is
// submitted and the page locks. Drafts are kept per task in this browser and on the server, so that a
// reload or another device loses nothing.
const token = new URLSearchParams(location.search).get('token') || '';
const base = `/api/v1/invitations/${encodeURIComponent(token)}`;
let chatPanel = null;
const message = document.getElementById('page-message');
const submitButton = document.getElementById('submit');
const submitStatus = document.getElementById('submit-status');
const judgement = document.getElementById('judgement');
mountJudgement(judgement);
const follow = submissionFollower(judgement, () => {});

let state = null;
let proctor = null;
let clockOffset = 0;
let currentTask = null;
let timer = null;
const lastSubmitted = {};
const draftKey = (slug) => `codearena.draft.${token}.${slug}`;

function say(text, kind) {
  message.textContent = text;
  message.className = `message ${kind}`;
}

function serverNow() {
  return Date.now() + clockOffset;
}

function saveDraft() {
  if (currentTask) {
    const language = document.getElementById('language').value;
    const source = window.codeArenaEditor.getSource();
    const saved = JSON.parse(localStorage.getItem(draftKey(currentTask)) || 'null');
    // the time is that of the last change: what was typed last wins against the server's copy
    const at = saved && saved.language === language && saved.source === source ? saved.at : Date.now();
    localStorage.setItem(draftKey(currentTask), JSON.stringify({ language, source, at }));
  }
}

// The server keeps a copy of each task's code per language while the time runs (another device, a lost
// browser): sent every few seconds when it changed, and when the page goes away.
const DRAFT_SYNC_MILLIS = 3000;
const sentDrafts = {};
let draftTimer = null;

function draftRequest() {
  if (!currentTask || !state || state.state !== 'STARTED') {
    return null;
  }
  const language = document.getElementById('language').value;
  const source = window.codeArenaEditor.getSource();
  const key = `${currentTask}|${language}`;
  if (sentDrafts[key] === source) {
    return null;
  }
  return { key, url: `${base}/drafts/${encodeURIComponent(currentTask)}`, body: { language, source } };
}

async function syncDraft() {
  const request = draftRequest();
  if (!request) {
    return;
  }
  saveDraft();
  const result = await api('PUT', request.url, request.body);
  if (result.ok) {
    sentDrafts[request.key] = request.body.source;
    document.body.dataset.draftSavedAt = result.data.updatedAt;
  }
}

function syncDraftOnLeaving() {
  const request = draftRequest();
  if (request) {
    fetch(request.url, {
      method: 'PUT', keepalive: true, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CodeArena-Request': '1' },
      body: JSON.stringify(request.body),
    });
  }
}

/** The server's newest draft of the task, if it is newer than this browser's. */
async function serverDraftNewerThanLocal(slug) {
  const result = await api('GET', `${base}/drafts`);
  if (!result.ok) {
    return null;
  }
  for (const draft of result.data) {
    sentDrafts[`${draft.task}|${draft.language}`] = draft.source;
  }
  const newest = result.data.filter((draft) => draft.task === slug)
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))[0];
  const local = JSON.parse(localStorage.getItem(draftKey(slug)) || 'null');
  if (!newest || (local && local.at && local.at >= Date.parse(newest.updatedAt))) {
    return null;
  }
  return newest;
}

async function openTask(slug) {
  await syncDraft();
  saveDraft();
  currentTask = slug;
  // this task's own drafts, per language (the editor keeps them), from now: what is typed while the task
  // loads belongs to it
  window.codeArenaEditor.setDraftScope(`assessment|${token}|${slug}`);
  for (const tab of document.querySelectorAll('#task-tabs button')) {
    tab.classList.toggle('current', tab.dataset.slug === slug);
  }
  // through the invitation: an assessment's task may be the recruiter's own, not in the public list
  const result = await api('GET', `${base}/tasks/${encodeURIComponent(slug)}`);
  if (!result.ok) {
    say(errorText(result), 'error');
    return;
  }
  const task = result.data;
  document.getElementById('task-title').textContent = task.title;
  document.getElementById('task-facts').textContent = `time limit ${task.timeLimitMillis / 1000} s · `
    + `memory ${Math.round(task.memoryLimitKb / 1024)} MB · ${task.points} points`;
  // rendered on the server from Markdown, with any raw HTML escaped
  document.getElementById('statement').innerHTML = task.statementHtml;
  document.getElementById('stdin').value = task.samples.length > 0 ? task.samples[0].input : '';
  // the newest of this browser's draft and the server's (typed on another device, or before a lost browser)
  const fromServer = await serverDraftNewerThanLocal(slug);
  const draft = fromServer || JSON.parse(localStorage.getItem(draftKey(slug)) || 'null');
  if (currentTask === slug && draft && draft.source !== window.codeArenaEditor.getSource()) {
    window.codeArenaEditor.load(draft.language, draft.source);
  }
  judgement.hidden = true;
  document.body.dataset.taskReady = slug;
}

async function submitCurrent(final) {
  if (!currentTask) {
    return;
  }
  saveDraft();
  const source = window.codeArenaEditor.getSource();
  if (final && (!source.trim() || lastSubmitted[currentTask] === source)) {
    return;
  }
  submitButton.disabled = true;
  follow.reset();
  const result = await api('POST', `${base}/submissions`, {
    task: currentTask, language: document.getElementById('language').value, source,
  });
  submitButton.disabled = false;
  if (!result.ok) {
    submitStatus.className = 'message error';
    submitStatus.textContent = errorText(result);
    return;
  }
  lastSubmitted[currentTask] = source;
  submitStatus.className = 'message working';
  submitStatus.textContent = 'Submitted: judged on every test, the results appear below.';
  follow(result.data.id);
}

function tick() {
  const left = Math.max(0, Date.parse(state.endsAt) - serverNow());
  const minutes = Math.floor(left / 60000);
  const seconds = Math.floor((left % 60000) / 1000);
  const countdown = document.getElementById('countdown');
  countdown.textContent = `${minutes}:${String(seconds).padStart(2, '0')}`;
  countdown.classList.toggle('urgent', left < 5 * 60000);
  if (left === 0) {
    clearInterval(timer);
    timeUp();
  }
}

async function timeUp() {
  await submitCurrent(true);
  say('Time is up: your last submissions count and your work is locked.', 'ok');
  await show(await api('GET', base));
}

async function showFinished() {
  document.getElementById('workspace').hidden = true;
  document.getElementById('intro').hidden = true;
  document.getElementById('finished').hidden = false;
  document.getElementById('countdown').textContent = '0:00';
  document.getElementById('finished-text').textContent = `You finished “${state.title}”. The recruiter sees `
    + 'your submissions and their scores; you can close this page.';
  const result = await api('GET', `${base}/submissions`);
  const rows = (result.ok ? result.data : []).map((submission) => {
    const row = document.createElement('tr');
    for (const text of [new Date(submission.submittedAt).toLocaleString(), submission.taskTitle, submission.language,
      submission.status === 'JUDGED' ? describeVerdict(submission.verdict) : submission.status.toLowerCase(),
      submission.score === null || submission.score === undefined ? '' : `${submission.score} / ${submission.maxScore}`]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  });
  document.querySelector('#final-submissions tbody').replaceChildren(...rows);
}

async function show(result) {
  if (!result.ok) {
    say(result.status === 404 ? `${errorText(result)}.` : errorText(result), 'error');
    document.getElementById('intro').hidden = true;
    return;
  }
  state = result.data;
  clockOffset = Date.parse(state.serverTime) - Date.now();
  document.title = `CodeArena — ${state.title}`;
  document.getElementById('assessment-title').textContent = state.title;
  if (state.state !== 'FINISHED') {
    document.body.dataset.state = state.state;
  }
  if (state.state === 'INVITED') {
    document.getElementById('intro').hidden = false;
    document.getElementById('intro-title').textContent = state.title;
    document.getElementById('intro-facts').textContent = `${state.tasks.length} tasks · ${state.durationMinutes} `
      + `minutes from the moment you press Start · open until ${new Date(state.closesAt).toLocaleString()}`;
    document.getElementById('intro-tasks').replaceChildren(...state.tasks.map((task) => {
      const item = document.createElement('li');
      item.textContent = `${task.title} (${task.difficulty.toLowerCase()})`;
      return item;
    }));
    const proctored = state.proctoring && state.proctoring.mode !== 'OFF';
    document.getElementById('proctoring-box').hidden = !proctored;
    if (proctored) {
      document.getElementById('proctoring-recorded').textContent = state.proctoring.recorded;
    }
    return;
  }
  if (state.state === 'FINISHED') {
    if (proctor) {
      proctor.stop();
      proctor = null;
      document.getElementById('proctoring-status').hidden = true;
    }
    clearInterval(timer);
    clearInterval(draftTimer);
    await showFinished();
    document.body.dataset.state = state.state;
    return;
  }
  document.getElementById('intro').hidden = true;
  document.getElementById('workspace').hidden = false;
  if (state.proctoring && state.proctoring.mode !== 'OFF' && !proctor) {
    await record(pendingStreams);
    pendingStreams = null;
  }
  if (!chatPanel) {
    // questions to the recruiter while the test runs (only the two of them see them)
    chatPanel = mountChat(document.getElementById('chat-panel'), { room: `assessment:${state.assessmentId}`, compact: true });
  }
  const tabs = document.getElementById('task-tabs');
  tabs.replaceChildren(...state.tasks.map((task, index) => {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.className = 'tab';
    tab.dataset.slug = task.slug;
    tab.textContent = `${index + 1}. ${task.title}`;
    tab.addEventListener('click', () => openTask(task.slug));
    return tab;
  }));
  clearInterval(timer);
  timer = setInterval(tick, 250);
  tick();
  clearInterval(draftTimer);
  draftTimer = setInterval(syncDraft, DRAFT_SYNC_MILLIS);
  // what was handed in already (before a reload, or on another device) is not handed in again at the end
  const handedIn = await api('GET', `${base}/submissions`);
  for (const submission of (handedIn.ok ? handedIn.data : []).sort((a, b) => a.id - b.id)) {
    lastSubmitted[submission.task] = submission.source;
  }
  await openTask(state.tasks[0].slug);
}

// the camera opened for Start, handed to the recording once the server has started the time
let pendingStreams = null;

function proctoringStatus(text, kind) {
  const line = document.getElementById('proctoring-status');
  line.hidden = false;
  line.textContent = text;
  line.className = `message ${kind}`;
  line.dataset.kind = kind;
}

/** Records while the time runs; after a reload the camera is asked for again (the browser remembers the answer). */
async function record(streams) {
  let opened = streams;
  if (!opened) {
    try {
      opened = await openCameras(state.proctoring.mode);
    } catch (error) {
      opened = {};
      proctoringStatus(`${error.message} Your work is not affected.`, 'error');
    }
  }
  proctor = startProctoring({
    uploadKey: state.proctoring.uploadKey, snapshotSeconds: state.proctoring.snapshotSeconds, serverNow,
    streams: opened, status: proctoringStatus,
  });
  if (!opened.camera) {
    proctor.note('CAMERA_LOST');
  }
  document.getElementById('proctoring-mine').hidden = false;
  document.getElementById('proctoring-mine-link').href = `${base}/proctoring`;
}

/** Before Start on a proctored assessment: the candidate agrees and the camera opens, or Start says what to do. */
async function readyToRecord() {
  if (!state || !state.proctoring || state.proctoring.mode === 'OFF') {
    return true;
  }
  if (!document.getElementById('proctoring-agree').checked) {
    say('This assessment is proctored: read what is recorded, tick "I have read what is recorded and agree", '
      + 'then press Start.', 'error');
    return false;
  }
  try {
    pendingStreams = await openCameras(state.proctoring.mode);
  } catch (error) {
    say(error.message, 'error');
    return false;
  }
  const consent = await api('POST', `${base}/proctoring/consent`);
  if (!consent.ok) {
    [pendingStreams.camera, pendingStreams.screen].filter(Boolean)
      .forEach((stream) => stream.getTracks().forEach((track) => track.stop()));
    pendingStreams = null;
    say(errorText(consent), 'error');
    return false;
  }
  return true;
}

async function start() {
  if (!(await signedIn(`assessment.html?token=${token}`))) {
    return;
  }
  document.getElementById('start').addEventListener('click', async () => {
    document.getElementById('start').disabled = true;
    say('Starting…', 'working');
    if (!(await readyToRecord())) {
      document.getElementById('start').disabled = false;
      return;
    }
    const result = await api('POST', `${base}/start`);
    if (!result.ok && pendingStreams) {
      // not started: the camera goes off again (Start opens it anew)
      [pendingStreams.camera, pendingStreams.screen].filter(Boolean)
        .forEach((stream) => stream.getTracks().forEach((track) => track.stop()));
      pendingStreams = null;
    }
    document.getElementById('start').disabled = false;
    say('', '');
    await show(result);
  });
  submitButton.addEventListener('click', () => submitCurrent(false));
  window.addEventListener('pagehide', syncDraftOnLeaving);
  document.getElementById('finish').addEventListener('click', async () => {
    if (!window.confirm('Hand in now? You cannot change your work afterwards.')) {
      return;
    }
    await submitCurrent(true);
    await show(await api('POST', `${base}/finish`));
  });
  setInterval(saveDraft, 5000);
  await show(await api('GET', base));
  document.body.dataset.assessmentReady = 'true';
}

start();
