import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

// Addresses an editor may link to. Anything else (javascript:, data:, vbscript:) is refused here for the
// editor's sake; the server's sanitiser removes it anyway.
const SAFE_URL = /^(https?:\/\/|mailto:|tel:|\/(?!\/)|#|\?)/i;

export function isSafeUrl(url) {
  return SAFE_URL.test(url.trim());
}

// The toolbar's buttons: what each does and whether it is "on" for the selection (aria-pressed).
const COMMANDS = [
  { id: 'bold', label: 'Bold', text: 'B', run: (c) => c.toggleBold(), active: (e) => e.isActive('bold'), shortcut: 'Control+B' },
  { id: 'italic', label: 'Italic', text: 'I', run: (c) => c.toggleItalic(), active: (e) => e.isActive('italic'), shortcut: 'Control+I' },
  { id: 'h2', label: 'Heading 2', text: 'H2', run: (c) => c.toggleHeading({ level: 2 }), active: (e) => e.isActive('heading', { level: 2 }) },
  { id: 'h3', label: 'Heading 3', text: 'H3', run: (c) => c.toggleHeading({ level: 3 }), active: (e) => e.isActive('heading', { level: 3 }) },
  { id: 'h4', label: 'Heading 4', text: 'H4', run: (c) => c.toggleHeading({ level: 4 }), active: (e) => e.isActive('heading', { level: 4 }) },
  { id: 'ul', label: 'Bulleted list', text: '• List', run: (c) => c.toggleBulletList(), active: (e) => e.isActive('bulletList') },
  { id: 'ol', label: 'Numbered list', text: '1. List', run: (c) => c.toggleOrderedList(), active: (e) => e.isActive('orderedList') },
  { id: 'quote', label: 'Quote', text: '“ Quote', run: (c) => c.toggleBlockquote(), active: (e) => e.isActive('blockquote') },
  { id: 'link', label: 'Link', text: 'Link', active: (e) => e.isActive('link'), opensPanel: true },
];

let counter = 0;

export function initRichText(textarea) {
  const id = textarea.id || `rte-${++counter}`;
  const label = document.querySelector(`label[for="${id}"]`);
  const labelText = label ? label.textContent.replace(/\s+/g, ' ').trim() : 'Rich text';
  if (label && !label.id) {
    label.id = `${id}-label`;
  }

  // The value travels in a hidden field with the textarea's name; the textarea itself goes away.
  const hidden = document.createElement('input');
  hidden.type = 'hidden';
  hidden.name = textarea.name;
  hidden.value = textarea.value;

  const wrapper = document.createElement('div');
  wrapper.className = 'bo-rte';

  const toolbar = document.createElement('div');
  toolbar.className = 'bo-rte-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', `Formatting: ${labelText}`);
  toolbar.setAttribute('aria-controls', `${id}-editor`);

  const buttons = COMMANDS.map((command, index) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'bo-rte-button';
    button.dataset.command = command.id;
    button.textContent = command.text;
    button.setAttribute('aria-label', command.label);
    button.title = command.shortcut ? `${command.label} (${command.shortcut.replace('Control', 'Ctrl')})` : command.label;
    if (command.shortcut) {
      button.setAttribute('aria-keyshortcuts', command.shortcut);
    }
    if (command.opensPanel) {
      button.setAttribute('aria-expanded', 'false');
      button.setAttribute('aria-controls', `${id}-link-panel`);
    } else {
      button.setAttribute('aria-pressed', 'false');
    }
    // One tab stop for the whole toolbar; arrows move inside it (the WAI-ARIA toolbar pattern).
    button.tabIndex = index === 0 ? 0 : -1;
    toolbar.appendChild(button);
    return button;
  });

  const panel = linkPanel(id);
  const mount = document.createElement('div');
  mount.className = 'bo-rte-body';

  wrapper.append(toolbar, panel.element, mount);
  textarea.replaceWith(wrapper);
  wrapper.after(hidden);

  const describedBy = textarea.getAttribute('aria-describedby');
  const invalid = textarea.getAttribute('aria-invalid');
  const editor = new Editor({
    element: mount,
    content: hidden.value,
    // The CSP allows no inline styles; the few rules Tiptap would inject live in backoffice.css.
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        underline: false,
        link: {
          openOnClick: false,
          autolink: true,
          protocols: ['mailto', 'tel'],
          HTMLAttributes: { rel: 'noopener', target: null },
          isAllowedUri: (url) => isSafeUrl(url),
        },
      }),
    ],
    editorProps: {
      attributes: {
        id: `${id}-editor`,
        class: 'bo-rte-content',
        role: 'textbox',
        'aria-multiline': 'true',
        ...(label ? { 'aria-labelledby': label.id } : { 'aria-label': labelText }),
        ...(describedBy ? { 'aria-describedby': `${describedBy} ${id}-keys` } : { 'aria-describedby': `${id}-keys` }),
        ...(invalid ? { 'aria-invalid': invalid } : {}),
      },
    },
    onUpdate: ({ editor: e }) => {
      hidden.value = e.isEmpty ? '' : e.getHTML();
      markChanged(hidden);
    },
    onTransaction: () => refresh(),
  });

  const keys = document.createElement('span');
  keys.id = `${id}-keys`;
  keys.className = 'bo-visually-hidden';
  keys.textContent = 'Alt+F10 moves to the formatting toolbar; Escape returns to the text.';
  wrapper.appendChild(keys);

  if (label) {
    label.addEventListener('click', () => editor.commands.focus());
  }

  function refresh() {
    COMMANDS.forEach((command, index) => {
      const on = command.active(editor);
      buttons[index].setAttribute(command.opensPanel ? 'data-active' : 'aria-pressed', String(on));
    });
  }

  function focusButton(index) {
    const target = (index + buttons.length) % buttons.length;
    buttons.forEach((b, i) => { b.tabIndex = i === target ? 0 : -1; });
    buttons[target].focus();
  }

  toolbar.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-command]');
    if (!button) {
      return;
    }
    const command = COMMANDS.find((c) => c.id === button.dataset.command);
    focusButton(buttons.indexOf(button));
    if (command.opensPanel) {
      panel.open(editor, button);
      return;
    }
    command.run(editor.chain().focus()).run();
  });

  toolbar.addEventListener('keydown', (event) => {
    const current = buttons.indexOf(document.activeElement);
    if (current < 0) {
      return;
    }
    const moves = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: buttons.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      focusButton(moves[event.key]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      editor.commands.focus();
    }
  });

  editor.view.dom.addEventListener('keydown', (event) => {
    if (event.altKey && event.key === 'F10') {
      event.preventDefault();
      focusButton(buttons.findIndex((b) => b.tabIndex === 0));
    }
  });

  panel.onDone = () => editor.commands.focus();
  refresh();
  return editor;
}

// A small inline form for the link address: a field, Apply, Remove and Cancel, all reachable by keyboard.
function linkPanel(id) {
  const element = document.createElement('div');
  element.className = 'bo-rte-link';
  element.id = `${id}-link-panel`;
  element.hidden = true;
  element.innerHTML = `
    <label for="${id}-link-url">Link address</label>
    <input id="${id}-link-url" type="url" inputmode="url" placeholder="https://… or /page/" aria-describedby="${id}-link-error">
    <button type="button" class="bo-button bo-button-small" data-link="apply">Apply link</button>
    <button type="button" class="bo-button bo-button-secondary bo-button-small" data-link="remove">Remove link</button>
    <button type="button" class="bo-button bo-button-secondary bo-button-small" data-link="cancel">Cancel</button>
    <span id="${id}-link-error" class="bo-field-error" role="alert"></span>`;
  const input = element.querySelector('input');
  const error = element.querySelector('.bo-field-error');
  const panel = { element, onDone: () => {} };
  let editor = null;
  let opener = null;

  function close(returnFocus) {
    element.hidden = true;
    error.textContent = '';
    opener?.setAttribute('aria-expanded', 'false');
    if (returnFocus) {
      panel.onDone();
    }
  }

  panel.open = (e, button) => {
    editor = e;
    opener = button;
    input.value = editor.getAttributes('link').href ?? '';
    element.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    input.focus();
  };

  function apply() {
    const href = input.value.trim();
    if (href === '') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      close(false);
      return;
    }
    if (!isSafeUrl(href)) {
      error.textContent = 'Use a web address (https://…), a page on this site (/…), mailto: or tel:.';
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    input.removeAttribute('aria-invalid');
    const chain = editor.chain().focus().extendMarkRange('link');
    if (editor.state.selection.empty && !editor.isActive('link')) {
      // Nothing selected: the address becomes the link's text.
      chain.insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run();
    } else {
      chain.setLink({ href }).run();
    }
    close(false);
  }

  element.addEventListener('click', (event) => {
    const action = event.target.closest('button')?.dataset.link;
    if (action === 'apply') {
      apply();
    } else if (action === 'remove') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      close(false);
    } else if (action === 'cancel') {
      close(true);
    }
  });

  element.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target === input) {
      // Enter applies the link instead of submitting the whole page.
      event.preventDefault();
      apply();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    }
  });

  return panel;
}

function markChanged(field) {
  field.dispatchEvent(new Event('change', { bubbles: true }));
}
