// Contests as ADMINs run them: create and edit (window, tasks, rule, regions, freeze), announce, publish results.
import { say } from './dom.js';
import { api, errorText } from './api.js';
import { loadAnnouncements } from './board.js';
import { signedIn } from './nav.js';

const form = document.getElementById('contest-form');
const formMessage = document.getElementById('form-message');
const list = document.getElementById('contest-list');
let editing = null;
let taskOrder = [];


// datetime-local shows and takes the browser's local time; the API speaks UTC instants
function toLocalInput(iso) {
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : null;
}

function chosenTasks() {
  return taskOrder.filter((slug) => form.querySelector(`input[value="${slug}"]`).checked);
}

function showForm(contest) {
  editing = contest;
  form.reset();
  document.getElementById('form-title').textContent = contest ? `Edit “${contest.title}”` : 'New contest';
  document.getElementById('save-contest').textContent = contest ? 'Save the changes' : 'Create the contest';
  const slug = document.getElementById('contest-slug');
  slug.disabled = Boolean(contest);
  say(formMessage, '', 'hint');
  document.getElementById('running-tools').hidden = !contest;
  if (!contest) {
    const start = new Date(Date.now() + 3600000);
    start.setMinutes(0, 0, 0);
    document.getElementById('contest-starts').value = toLocalInput(start.toISOString());
    document.getElementById('contest-ends').value = toLocalInput(new Date(start.getTime() + 3 * 3600000).toISOString());
    return;
  }
  slug.value = contest.slug;
  document.getElementById('contest-title-input').value = contest.title;
  document.getElementById('contest-starts').value = toLocalInput(contest.startsAt);
  document.getElementById('contest-ends').value = toLocalInput(contest.endsAt);
  for (const box of form.querySelectorAll('#contest-tasks input')) {
    box.checked = contest.tasks.some((task) => task.slug === box.value);
  }
  document.getElementById('contest-rule').value = contest.rule;
  document.getElementById('contest-regions').value = contest.regions.join(', ');
  document.getElementById('contest-freeze').value = contest.freezeMinutes;
  const encoded = encodeURIComponent(contest.slug);
  document.getElementById('contest-page-link').href = `contest.html?slug=${encoded}`;
  document.getElementById('scoreboard-page-link').href = `scoreboard.html?slug=${encoded}`;
  document.getElementById('report-page-link').href = `reports.html?contest=${encoded}`;
  document.getElementById('similarity-page-link').href = `similarity.html?contest=${encoded}`;
  const ended = Date.parse(contest.endsAt) <= Date.now();
  const publish = document.getElementById('publish-box');
  publish.hidden = !(contest.freezeMinutes > 0 && !contest.resultsPublishedAt && ended);
  document.getElementById('publish-text').textContent = 'The contest has ended and its scoreboard is frozen: '
    + 'publish the final standings to show everyone every submission.';
  loadAnnouncements(document.getElementById('admin-announcements'), contest.slug);
}

async function loadContests(selectSlug) {
  const result = await api('GET', '/api/v1/contests');
  if (!result.ok) {
    say(document.getElementById('page-message'), errorText(result), 'error');
    return;
  }
  list.replaceChildren(...result.data.map((contest) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.textContent = contest.title;
    button.addEventListener('click', () => showForm(contest));
    const now = Date.now();
    const when = now < Date.parse(contest.startsAt) ? 'coming' : now < Date.parse(contest.endsAt) ? 'running' : 'ended';
    item.append(button, ` · ${contest.slug} · ${when}${contest.frozen ? ' · frozen' : ''}`);
    return item;
  }));
  if (list.children.length === 0) {
    const none = document.createElement('li');
    none.textContent = 'No contests yet: create the first one.';
    list.append(none);
  }
  const selected = selectSlug && result.data.find((contest) => contest.slug === selectSlug);
  if (selected) {
    showForm(selected);
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const regions = document.getElementById('contest-regions').value.split(',').map((r) => r.trim()).filter(Boolean);
  const body = {
    title: document.getElementById('contest-title-input').value,
    startsAt: fromLocalInput(document.getElementById('contest-starts').value),
    endsAt: fromLocalInput(document.getElementById('contest-ends').value),
    tasks: chosenTasks(),
    rule: document.getElementById('contest-rule').value,
    regions,
    freezeMinutes: Number(document.getElementById('contest-freeze').value || 0),
  };
  if (body.tasks.length === 0) {
    say(formMessage, 'Choose at least one task.', 'error');
    return;
  }
  let result;
  if (editing) {
    result = await api('PUT', `/api/v1/contests/${encodeURIComponent(editing.slug)}`, body);
  } else {
    body.slug = document.getElementById('contest-slug').value.trim();
    result = await api('POST', '/api/v1/contests', body);
  }
  if (!result.ok) {
    say(formMessage, errorText(result), 'error');
    return;
  }
  await loadContests(result.data.slug);
  say(formMessage, editing && editing.slug === result.data.slug && result.status === 200 ? 'Saved.' : 'Created.', 'ok');
});

document.getElementById('new-contest').addEventListener('click', () => showForm(null));

document.getElementById('announce').addEventListener('click', async () => {
  const text = document.getElementById('announcement-text');
  const note = document.getElementById('announce-message');
  const result = await api('POST', `/api/v1/contests/${encodeURIComponent(editing.slug)}/announcements`,
    { text: text.value, sendEmail: document.getElementById('announce-email').checked });
  if (!result.ok) {
    say(note, errorText(result), 'error');
    return;
  }
  text.value = '';
  const mailed = result.data.emailed;
  say(note, 'Announced: the contest page and the scoreboard show it within 15 s'
    + (mailed ? `; ${mailed} e-mail${mailed === 1 ? ' is' : 's are'} on the way to the participants.` : '.'), 'ok');
  await loadAnnouncements(document.getElementById('admin-announcements'), editing.slug);
});

document.getElementById('publish-results').addEventListener('click', async () => {
  const result = await api('POST', `/api/v1/contests/${encodeURIComponent(editing.slug)}/results`);
  if (!result.ok) {
    say(document.getElementById('publish-text'), errorText(result), 'error');
    return;
  }
  await loadContests(editing.slug);
  say(formMessage, 'The final standings are published.', 'ok');
});

async function start() {
  const me = await signedIn('contests-admin.html');
  if (!me) {
    return;
  }
  if (!(me.roles || []).includes('ADMIN')) {
    say(document.getElementById('page-message'), 'Contests are managed by ADMINs. Ask the operators of this '
      + 'CodeArena for the role if you organise contests; you can take part in any contest from home.', 'error');
    document.body.dataset.ready = 'true';
    return;
  }
  document.getElementById('admin-area').hidden = false;
  const tasks = await api('GET', '/api/v1/tasks');
  const fieldset = document.getElementById('contest-tasks');
  taskOrder = (tasks.data || []).map((task) => task.slug);
  for (const task of tasks.data || []) {
    const label = document.createElement('label');
    label.className = 'check';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = task.slug;
    label.append(box, ` ${task.title} (${task.difficulty.toLowerCase()})`);
    fieldset.append(label);
  }
  showForm(null);
  await loadContests(null);
  document.body.dataset.ready = 'true';
}

start();
