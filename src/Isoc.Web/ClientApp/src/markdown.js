// Markdown stays a plain textarea (policy texts are diffed as text); beside it, a live preview drawn by the
// server's own renderer, so what the editor sees is what the site shows. Typing is debounced and a request
// still running is cancelled by the next one, so a fast typist sends a few requests, not one per key.
const DELAY_MS = 400;

export function initMarkdown(textarea) {
  const preview = document.getElementById(textarea.dataset.previewTarget);
  const status = document.getElementById(textarea.dataset.previewStatus);
  const url = textarea.dataset.previewUrl;
  const token = textarea.form?.querySelector('input[name="__RequestVerificationToken"]')?.value;
  if (!preview || !url || !token) {
    return;
  }

  let timer = 0;
  let running = null;
  let lastSent = textarea.value;

  async function render() {
    const text = textarea.value;
    if (text === lastSent) {
      return;
    }
    lastSent = text;
    running?.abort();
    running = new AbortController();
    preview.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', RequestVerificationToken: token },
        body: new URLSearchParams({ markdown: text }),
        credentials: 'same-origin',
        signal: running.signal,
      });
      if (!response.ok) {
        status.textContent = response.status === 413 || response.status === 400
          ? 'The preview is not updated: the text is too long to preview.'
          : `The preview is not updated (${response.status}). Saving still works.`;
        return;
      }
      // The server's renderer sanitised this HTML; it is the same markup the site will show.
      preview.innerHTML = await response.text();
      status.textContent = '';
    } catch (error) {
      if (error.name !== 'AbortError') {
        status.textContent = 'The preview is not updated: the server did not answer. Saving still works.';
      }
    } finally {
      preview.removeAttribute('aria-busy');
    }
  }

  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(render, DELAY_MS);
  });
}
