// The result of one run, as the editor and the task pages show it: one markup for both.
export const resultFields = ['verdict', 'exitCode', 'timeMillis', 'memoryKb', 'stdout', 'stderr'];

export function mountResults(container) {
  // a fixed template: no data goes in here (results are set with textContent)
  container.innerHTML = `
    <dl>
      <dt>Verdict</dt><dd id="verdict"></dd>
      <dt>Exit code</dt><dd id="exitCode"></dd>
      <dt>Time</dt><dd id="timeMillis"></dd>
      <dt>Memory</dt><dd id="memoryKb"></dd>
    </dl>
    <h3>Output (stdout)</h3>
    <pre id="stdout"></pre>
    <h3>Errors (stderr)</h3>
    <pre id="stderr"></pre>`;
}
