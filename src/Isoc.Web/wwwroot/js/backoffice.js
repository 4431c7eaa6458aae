// The backoffice's little JavaScript: everything works without it; it only adds convenience.
(() => {
  "use strict";

  // Tree: each node with children gets a toggle (a real button, so Enter and Space work); the state is kept per
  // browser so the tree opens as it was left.
  const storageKey = "isoc.tree.collapsed";
  const read = () => { try { return new Set(JSON.parse(localStorage.getItem(storageKey) || "[]")); } catch { return new Set(); } };
  const write = set => { try { localStorage.setItem(storageKey, JSON.stringify([...set])); } catch { /* private mode */ } };
  const collapsed = read();
  for (const toggle of document.querySelectorAll("[data-tree] .bo-tree-toggle")) {
    const target = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!target) continue;
    const key = toggle.getAttribute("aria-controls");
    const set = open => {
      toggle.setAttribute("aria-expanded", String(open));
      target.hidden = !open;
    };
    set(!collapsed.has(key));
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      set(open);
      if (open) collapsed.delete(key); else collapsed.add(key);
      write(collapsed);
    });
  }

  // Editor: leaving with unsaved changes asks first. Submitting the form is not leaving.
  for (const form of document.querySelectorAll("form[data-unsaved-warning]")) {
    let dirty = false;
    const mark = () => { dirty = true; };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", () => { dirty = false; });
    window.addEventListener("beforeunload", event => {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  // Deleting for good cannot be undone: one more question.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", event => {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  }
})();
