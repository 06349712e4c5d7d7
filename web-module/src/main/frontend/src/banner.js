// The maintenance message an ADMIN set, shown at the top of every page (asked when the page loads, then every
// minute). Text goes in as text.
import { api } from './api.js';

const REFRESH_MILLIS = 60_000;

async function show() {
  const result = await api('GET', '/api/v1/status');
  const notice = result.ok ? result.data.maintenance : null;
  let banner = document.getElementById('maintenance-banner');
  if (!notice) {
    if (banner) {
      banner.remove();
    }
    return;
  }
  if (!banner) {
    banner = document.createElement('div');
    banner.id = 'maintenance-banner';
    banner.className = 'maintenance-banner';
    banner.setAttribute('role', 'status');
    document.body.prepend(banner);
  }
  banner.textContent = `Maintenance: ${notice.message}`;
}

show();
setInterval(show, REFRESH_MILLIS);
