// The backoffice's property editors that need a script. Every one of them enhances a form field the server
// already rendered, so the editor works without JavaScript (a textarea, a plain field) and the server stays the
// judge of what is stored: rich text is sanitised again on save, Markdown is rendered by the server itself.
import { initRichText } from './richtext.js';
import { initMarkdown } from './markdown.js';
import { initLinkRows } from './links.js';

function start() {
  document.querySelectorAll('textarea[data-editor="richtext"]').forEach(initRichText);
  document.querySelectorAll('textarea[data-editor="markdown"]').forEach(initMarkdown);
  document.querySelectorAll('[data-editor="multiurl"]').forEach(initLinkRows);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
