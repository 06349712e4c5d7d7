// Small DOM helpers shared by the pages: every text from the server is set with textContent.
export function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) {
    element.className = className;
  }
  return element;
}

export function cell(content, className) {
  return text('td', content, className);
}

/** Puts a message into its line (role=status): kind is ok, error, hint or warning. */
export function say(element, content, kind) {
  element.textContent = content;
  element.className = `message ${kind}`;
}
