// A contest's scoreboard table and its announcements, shared by the contest page and the public scoreboard.
import { api } from './api.js';
import { cell, text } from './dom.js';

export function clockText(millis) {
  const total = Math.max(0, Math.floor(millis / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours > 0 ? `${hours}:` : ''}${String(minutes).padStart(hours > 0 ? 2 : 1, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** The header's clock: "Starts in", "Ends in" or "Ended", with the time left (#clock-label, #countdown). */
export function showCountdown(contest) {
  const now = Date.now();
  const starts = Date.parse(contest.startsAt);
  const ends = Date.parse(contest.endsAt);
  document.getElementById('clock-label').textContent = now < starts ? 'Starts in' : now < ends ? 'Ends in' : 'Ended';
  document.getElementById('countdown').textContent = now < starts ? clockText(starts - now)
    : now < ends ? clockText(ends - now) : '';
}

/** Fills the table with the board's rows: score per task with attempts, total, time; `mine` is highlighted. */
export function renderBoard(table, contest, board, mine) {
  const head = table.querySelector('thead tr');
  head.replaceChildren(...['#', 'Who', 'Region', ...contest.tasks.map((t, i) => `${i + 1}. ${t.title}`), 'Total', 'Time']
    .map((label) => {
      const th = text('th', label);
      th.scope = 'col';
      return th;
    }));
  const rows = board.rows.map((row) => {
    const tr = document.createElement('tr');
    tr.dataset.username = row.username;
    if (mine && row.username === mine) {
      tr.className = 'mine';
    }
    tr.append(cell(String(row.rank), 'rank'), cell(row.username), cell(row.region || ''));
    row.scores.forEach((score, index) => {
      tr.append(cell(row.attempts[index] ? `${score} (${row.attempts[index]})` : '–'));
    });
    tr.append(cell(String(row.total), 'total'), cell(clockText(row.timeSeconds * 1000)));
    return tr;
  });
  table.querySelector('tbody').replaceChildren(...rows);
}

/** What the frozen board says, or '' when it is not frozen. */
export function frozenText(contest) {
  if (!contest.frozen) {
    return '';
  }
  return `The scoreboard is frozen since ${new Date(contest.freezesAt).toLocaleTimeString()}: it shows what was `
    + 'submitted before then. The final standings appear when the organisers publish them.';
}

/** Shows or hides the frozen note as the board itself says (a board that froze or thawed since the page loaded). */
export function showFrozen(element, contest, board) {
  const frozenAt = board.frozenAt || null;
  element.hidden = !frozenAt;
  if (frozenAt) {
    element.textContent = frozenText({ ...contest, frozen: true, freezesAt: frozenAt });
  }
}

/** Shows the contest's announcements (newest first) in the list; returns how many there are. */
export async function loadAnnouncements(list, slug) {
  const result = await api('GET', `/api/v1/contests/${encodeURIComponent(slug)}/announcements`);
  if (!result.ok) {
    return 0;
  }
  list.replaceChildren(...result.data.map((announcement) => {
    const item = document.createElement('li');
    const when = text('time', new Date(announcement.at).toLocaleTimeString());
    when.dateTime = announcement.at;
    item.append(when, ' ', text('span', announcement.text));
    return item;
  }));
  return result.data.length;
}
