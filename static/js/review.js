// The review queue's keyboard: every element carrying data-shortcut="KEY" is clicked (links,
// buttons, summaries) or focused (fields) when KEY is pressed outside a text field. Loaded
// as a file, never inline, so a strict Content-Security-Policy holds. The page works
// without it: every action is also a plain form.
(function () {
  "use strict";

  function isField(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function focusItem() {
    var heading = document.getElementById("item-heading");
    if (heading) heading.focus({ preventScroll: false });
  }

  document.addEventListener("keydown", function (event) {
    if (!document.getElementById("queue")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (isField(event.target)) {
      if (event.key === "Escape") {
        event.target.blur();
        focusItem();
      }
      return;
    }
    var target = document.querySelector('[data-shortcut="' + CSS.escape(event.key) + '"]');
    if (!target) return;
    event.preventDefault();
    if (isField(target)) {
      var details = target.closest("details");
      if (details) details.open = true;
      target.focus();
      if (target.select && target.tagName !== "SELECT") target.select();
    } else {
      target.click();
    }
  });

  // After each action or move the next statement is swapped in: put focus on its heading,
  // so screen readers announce it and the focus is not lost with the replaced button.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "queue") focusItem();
  });
})();
