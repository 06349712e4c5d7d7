// Small helpers for the CodeArena JSON API, shared by the pages.
export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    // the header tells the server that the request comes from our own page (see CrossSiteRequestFilter)
    headers: body === undefined
      ? { 'X-CodeArena-Request': '1' }
      : { 'Content-Type': 'application/json', 'X-CodeArena-Request': '1' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: text };
  }
  return { status: response.status, ok: response.ok, data };
}

export function errorText(result) {
  if (result.data && result.data.error) {
    return result.data.error;
  }
  return `The server answered ${result.status}. Try again in a moment.`;
}
