// Forms: shows a field only while its condition holds (the server applies the same rule and ignores
// the answers of hidden fields), and checks answers before sending, beside each field, in the page's language.
// Without this script every field shows and the server's messages do the same job.
(function () {
    'use strict';
    var et = (document.documentElement.lang || '').indexOf('et') === 0;
    var messages = et
        ? { tick: 'Nõustumiseks märgi ruut.', required: 'Palun täida see väli.', email: 'Sisesta e-posti aadress, näiteks nimi@example.org.', pattern: 'Vastus ei ole oodatud kujul.', summary: 'Palun paranda märgitud väljad ja saada vorm uuesti.' }
        : { tick: 'Please tick the box to agree.', required: 'Please fill in this field.', email: 'Enter an email address such as name@example.org.', pattern: 'The answer is not in the expected form.', summary: 'Please correct the marked fields and send the form again.' };

    function values(form, name) {
        var found = [];
        form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
            if ((input.type === 'checkbox' || input.type === 'radio') && !input.checked) { return; }
            var wrapper = input.closest('[data-field]');
            if (wrapper && wrapper.hidden) { return; }
            if (input.value) { found.push(input.value); }
        });
        return found;
    }

    function applyConditions(form) {
        form.querySelectorAll('[data-show-if-field]').forEach(function (wrapper) {
            var field = wrapper.getAttribute('data-show-if-field');
            if (!field) { return; }
            var wanted = wrapper.getAttribute('data-show-if-value');
            var current = values(form, field);
            wrapper.hidden = wanted ? current.indexOf(wanted) < 0 : current.length === 0;
        });
    }

    function check(form) {
        var firstBad = null;
        form.querySelectorAll('.field-error[data-client]').forEach(function (p) { p.remove(); });
        form.querySelectorAll('[data-field]').forEach(function (wrapper) {
            if (wrapper.hidden) { return; }
            var input = wrapper.querySelector('input:not([type=hidden]), textarea, select');
            if (!input || input.type === 'radio' || input.type === 'checkbox' && !input.required) { return; }
            var problem = null;
            if (input.validity.valueMissing) { problem = input.type === 'checkbox' ? messages.tick : messages.required; }
            else if (input.validity.typeMismatch) { problem = messages.email; }
            else if (input.validity.patternMismatch) { problem = messages.pattern; }
            if (!problem) { return; }
            var p = document.createElement('p');
            p.className = 'field-error';
            p.setAttribute('data-client', '');
            p.id = input.id + '-client-error';
            p.textContent = problem;
            wrapper.appendChild(p);
            input.setAttribute('aria-invalid', 'true');
            input.setAttribute('aria-describedby', p.id);
            firstBad = firstBad || input;
        });
        if (firstBad) { firstBad.focus(); }
        return firstBad === null;
    }

    document.querySelectorAll('form[data-isoc-form]').forEach(function (form) {
        applyConditions(form);
        form.addEventListener('change', function () { applyConditions(form); });
        form.addEventListener('submit', function (event) {
            if (!check(form)) { event.preventDefault(); }
        });
    });
}());
