// Progressive enhancement of the consent banner: the form works without this file (a post and a 303 back).
// With it, "Choose" opens the categories in place and a choice is saved without a reload.
(function () {
  "use strict";
  var banner = document.querySelector("[data-consent]");
  var form = banner && banner.querySelector("[data-consent-form]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }

  var status = document.querySelector("[data-consent-status]");
  var choices = form.querySelector("#consent-choices");
  var choose = form.querySelector("[data-consent-choose]");
  var save = form.querySelector("[data-consent-save]");

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var action = submitter ? submitter.value : "";
    if (action === "choose" && choices) {
      // Show the categories here instead of a round trip; focus moves to the first one the visitor can change.
      event.preventDefault();
      choices.hidden = false;
      if (choose) { choose.setAttribute("aria-expanded", "true"); choose.hidden = true; }
      if (save) { save.hidden = false; }
      var first = choices.querySelector("input:not([disabled])");
      if (first) { first.focus(); }
      return;
    }

    event.preventDefault();
    var data = new FormData(form);
    data.set("action", action);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    // getAttribute, not form.action: the buttons are named "action", and a named control shadows the form's property.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("consent " + response.status); }
      return response.json();
    }).then(function (answer) {
      banner.hidden = true;
      // Scripts already on the page (analytics) follow the new choice without a reload.
      document.dispatchEvent(new CustomEvent("isoc:consent", { detail: answer }));
      if (status) {
        status.textContent = status.getAttribute("data-saved");
        status.hidden = false;
        status.focus();
      }
    }).catch(function () {
      // Fall back to the plain form post, which reports its own errors; submit() sends no button, so the action goes along.
      buttons.forEach(function (b) { b.disabled = false; });
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = "action";
      field.value = action;
      form.appendChild(field);
      HTMLFormElement.prototype.submit.call(form);
    });
  });
})();
