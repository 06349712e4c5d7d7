// Proctoring on the candidate's page (an assessment the recruiter proctors): the camera is asked for before
// Start; while the time runs a small JPEG of it (and of the shared screen, where the recruiter asks for it) is
// taken every few seconds, and the events that matter are noted: the tab or the window left (and for how long),
// a paste into the page (its size), full screen left, the camera or the screen share lost. Everything is sent in
// the background, snapshots one by one and events in batches, and sent again with growing pauses when the network
// or the server is away: the editor never waits for it. Each upload carries an id of its own, so that one sent
// twice is counted once.

const SNAPSHOT_WIDTH = 320;
const SNAPSHOT_HEIGHT = 240;
const EVENT_BATCH_MILLIS = 10000;
const MAX_BACKOFF_MILLIS = 30000;

function newId() {
  return (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
}

/** Asks for the camera (and the screen when the recruiter wants it); resolves to the streams or throws with advice. */
export async function openCameras(mode) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    throw new Error('This browser cannot share a camera: open the link in a recent Chrome, Edge or Firefox.');
  }
  let camera;
  try {
    camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  } catch (error) {
    const denied = error && (error.name === 'NotAllowedError' || error.name === 'SecurityError');
    throw new Error(denied
      ? 'The recruiter requires your camera for this assessment, and the browser was not allowed to use it. '
        + 'Allow the camera for this site (the camera icon in the address bar), then press Start again. '
        + 'Nothing is recorded before you press Start.'
      : `No camera could be opened (${error && error.name ? error.name : error}): connect one, close other `
        + 'programs that use it, then press Start again.');
  }
  let screen = null;
  if (mode === 'WEBCAM_AND_SCREEN') {
    try {
      screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (error) {
      camera.getTracks().forEach((track) => track.stop());
      throw new Error('The recruiter also asks for your screen: choose "Entire screen" when the browser asks, '
        + 'then press Start again.');
    }
  }
  return { camera, screen };
}

/**
 * Starts recording for a started invitation: {uploadKey (the server's, sent with each upload), snapshotSeconds,
 * serverNow(), streams, status(text, kind)}.
 * Returns {stop(), note(kind)}.
 */
export function startProctoring({ uploadKey, snapshotSeconds, serverNow, streams, status }) {
  const queue = [];
  const events = [];
  let sent = 0;
  let backoff = 1000;
  let sending = false;
  let stopped = false;
  const videos = {};

  function video(kind, stream) {
    const element = document.createElement('video');
    element.muted = true;
    element.playsInline = true;
    element.srcObject = stream;
    element.play().catch(() => {});
    videos[kind] = element;
    stream.getVideoTracks().forEach((track) => track.addEventListener('ended', () => {
      note(kind === 'webcam' ? 'CAMERA_LOST' : 'SCREEN_SHARE_LOST');
      status(kind === 'webcam' ? 'The camera stopped: reload the page to turn it on again.'
        : 'The screen share stopped: reload the page to share it again.', 'error');
    }));
    return element;
  }

  function note(kind, extra = {}) {
    events.push({ id: newId(), kind, at: new Date(serverNow()).toISOString(), ...extra });
  }

  function snapshot(kind) {
    const element = videos[kind];
    if (!element || element.readyState < 2) {
      return;
    }
    const canvas = document.createElement('canvas');
    canvas.width = SNAPSHOT_WIDTH;
    canvas.height = SNAPSHOT_HEIGHT;
    canvas.getContext('2d').drawImage(element, 0, 0, SNAPSHOT_WIDTH, SNAPSHOT_HEIGHT);
    const takenAt = new Date(serverNow()).toISOString();
    canvas.toBlob((blob) => {
      if (blob) {
        queue.push({ kind, id: newId(), takenAt, blob });
        pump();
      }
    }, 'image/jpeg', 0.6);
  }

  async function send(item) {
    if (item.blob) {
      const query = `kind=${item.kind}&id=${encodeURIComponent(item.id)}&takenAt=${encodeURIComponent(item.takenAt)}`;
      return fetch(`/api/v1/proctoring/snapshots?${query}`, {
        method: 'POST', credentials: 'omit', body: item.blob,
        headers: { 'Content-Type': 'image/jpeg', 'X-Proctoring-Key': uploadKey },
      });
    }
    return fetch('/api/v1/proctoring/events', {
      method: 'POST', credentials: 'omit', body: JSON.stringify({ events: item.events }),
      headers: { 'Content-Type': 'application/json', 'X-Proctoring-Key': uploadKey },
    });
  }

  // one upload at a time, in order; on a network error, 429 or 5xx the same upload again after a growing pause
  let retryTimer = null;

  async function pump(fromRetry = false) {
    if (sending || queue.length === 0 || (retryTimer !== null && !fromRetry)) {
      return;
    }
    retryTimer = null;
    sending = true;
    const item = queue[0];
    let retry = false;
    try {
      const response = await send(item);
      if (response.ok) {
        queue.shift();
        sent += item.blob ? 1 : 0;
        backoff = 1000;
        status(`Recording: ${sent} snapshot${sent === 1 ? '' : 's'} sent`, 'ok');
      } else if (response.status === 429 || response.status >= 500) {
        retry = true;
      } else if (response.status === 403 || response.status === 409) {
        // the key is refused or the time is up: nothing more can be sent; say why and stop
        let why = '';
        try {
          why = (await response.json()).error;
        } catch {
          why = `the server answered ${response.status}`;
        }
        status(`Recording stopped: ${why}`, 'error');
        sending = false;
        stop();
        return;
      } else {
        // this one upload was refused (too large, say): note it and go on with the next
        queue.shift();
        console.warn('proctoring upload refused', response.status, await response.text());
      }
    } catch (error) {
      retry = true;
    }
    sending = false;
    if (retry && !stopped) {
      status(`Recording: ${queue.length} upload${queue.length === 1 ? '' : 's'} waiting for the network…`, 'hint');
      const pause = backoff * (0.75 + Math.random() / 2);
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      retryTimer = setTimeout(() => pump(true), pause);
    } else if (queue.length > 0) {
      pump();
    }
  }

  function flushEvents() {
    if (events.length > 0) {
      queue.push({ events: events.splice(0, 200) });
      pump();
    }
  }

  if (streams.camera) {
    video('webcam', streams.camera);
  }
  if (streams.screen) {
    video('screen', streams.screen);
  }
  let hiddenAt = document.hidden ? Date.now() : null;
  let blurredAt = null;
  const onVisibility = () => {
    if (document.hidden) {
      hiddenAt = Date.now();
    } else if (hiddenAt !== null) {
      note('TAB_AWAY', { durationMs: Date.now() - hiddenAt });
      hiddenAt = null;
      flushEvents();
    }
  };
  const onBlur = () => {
    if (!document.hidden) {
      blurredAt = Date.now();
    }
  };
  const onFocus = () => {
    if (blurredAt !== null) {
      note('WINDOW_AWAY', { durationMs: Date.now() - blurredAt });
      blurredAt = null;
    }
  };
  const onPaste = (event) => {
    const text = event.clipboardData ? event.clipboardData.getData('text') : '';
    note('PASTE', { size: text.length });
  };
  const onFullscreen = () => {
    if (!document.fullscreenElement) {
      note('FULLSCREEN_EXIT');
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('blur', onBlur);
  window.addEventListener('focus', onFocus);
  document.addEventListener('paste', onPaste, true);
  document.addEventListener('fullscreenchange', onFullscreen);
  const takeAll = () => Object.keys(videos).forEach(snapshot);
  // the first snapshot as soon as the camera shows a picture, then every snapshotSeconds
  setTimeout(takeAll, 1500);
  const snapshotTimer = setInterval(takeAll, Math.max(5, snapshotSeconds) * 1000);
  const eventTimer = setInterval(flushEvents, EVENT_BATCH_MILLIS);
  window.addEventListener('pagehide', flushEvents);
  if (streams.camera) {
    status('Recording: the camera is on', 'ok');
  }

  function stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    flushEvents();
    clearInterval(snapshotTimer);
    clearInterval(eventTimer);
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('blur', onBlur);
    window.removeEventListener('focus', onFocus);
    document.removeEventListener('paste', onPaste, true);
    document.removeEventListener('fullscreenchange', onFullscreen);
    [streams.camera, streams.screen].filter(Boolean).forEach((stream) => stream.getTracks().forEach((t) => t.stop()));
  }

  return { stop, note: (kind) => { note(kind); flushEvents(); } };
}
