// The public scoreboard for a big screen: no sign-in, refreshed every 5 s from the server's cached board (a
// thousand screens cost the server a thousand reads of one cached text), announcements every 15 s.
import { api, errorText } from './api.js';
import './banner.js';
import { frozenText, showCountdown, loadAnnouncements, renderBoard, showFrozen } from './board.js';

const slug = new URLSearchParams(location.search).get('slug') || '';
const message = document.getElementById('page-message');
let contest = null;


async function loadContest() {
  const result = await api('GET', `/api/v1/contests/${encodeURIComponent(slug)}`);
  if (!result.ok) {
    message.className = 'message error';
    message.textContent = slug ? errorText(result) : 'Which contest? Open this page from the contest\'s page.';
    return false;
  }
  contest = result.data;
  document.title = `CodeArena — ${contest.title} — scoreboard`;
  document.getElementById('contest-title').textContent = contest.title;
  const frozen = document.getElementById('frozen');
  frozen.textContent = frozenText(contest);
  frozen.hidden = !contest.frozen;
  return true;
}

async function loadBoard() {
  const result = await api('GET', `/api/v1/contests/${encodeURIComponent(slug)}/leaderboard?limit=200`);
  if (!result.ok) {
    message.className = 'message error';
    message.textContent = errorText(result);
    return;
  }
  message.textContent = '';
  renderBoard(document.getElementById('leaderboard'), contest, result.data, null);
  showFrozen(document.getElementById('frozen'), contest, result.data);
  document.getElementById('board-caption').textContent = result.data.participants === 0
    ? 'Nobody has a judged submission yet.'
    : `${result.data.participants} ranked · score per task (attempts) · updated ${new Date().toLocaleTimeString()}`;
  document.body.dataset.leaderboardVersion = String(result.data.version);
}

async function start() {
  if (!(await loadContest())) {
    return;
  }
  const announcements = document.getElementById('announcements');
  const showAnnouncements = async () => {
    document.getElementById('announcements-box').hidden = (await loadAnnouncements(announcements, slug)) === 0;
  };
  await Promise.all([loadBoard(), showAnnouncements()]);
  setInterval(() => showCountdown(contest), 500);
  showCountdown(contest);
  setInterval(loadBoard, 5000);
  setInterval(async () => { await loadContest(); await showAnnouncements(); }, 15000);
  document.body.dataset.ready = 'true';
}

start();
