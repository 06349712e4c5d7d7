import { api, errorText } from './api.js';
import { describeVerdict } from './judgement.js';

// The person's submissions, newest first: one table for the task page (one task) and the history page.
export async function loadHistory(table, message, taskSlug, onPick) {
  const query = taskSlug ? `?task=${encodeURIComponent(taskSlug)}&limit=50` : '?limit=100';
  const result = await api('GET', `/api/v1/submissions${query}`);
  if (!result.ok) {
    message.className = 'message error';
    message.textContent = errorText(result);
    return [];
  }
  const body = table.querySelector('tbody');
  body.replaceChildren(...result.data.map((submission) => {
    const row = document.createElement('tr');
    row.dataset.id = submission.id;
    const when = document.createElement('td');
    when.textContent = new Date(submission.submittedAt).toLocaleString();
    const task = document.createElement('td');
    const link = document.createElement('a');
    link.href = `task.html?slug=${encodeURIComponent(submission.task)}&submission=${submission.id}`;
    link.textContent = submission.taskTitle;
    task.append(link);
    const language = document.createElement('td');
    language.textContent = submission.language;
    const verdict = document.createElement('td');
    verdict.textContent = submission.status === 'JUDGED' ? describeVerdict(submission.verdict)
      : submission.status.toLowerCase();
    verdict.className = submission.verdict === 'OK' ? 'ok' : submission.verdict ? 'failed' : '';
    const score = document.createElement('td');
    score.textContent = submission.score === null || submission.score === undefined ? ''
      : `${submission.score} / ${submission.maxScore}`;
    row.append(when, task, language, verdict, score);
    if (onPick) {
      row.addEventListener('click', (event) => {
        if (event.target.tagName !== 'A') {
          onPick(submission.id);
        }
      });
    }
    return row;
  }));
  message.textContent = result.data.length === 0 ? 'No submissions yet.' : '';
  message.className = 'message hint';
  return result.data;
}
