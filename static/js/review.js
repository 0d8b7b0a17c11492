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

  // While an action's answer is on its way and being swapped in, the buttons on the page
  // are about to be replaced (and the new ones are not wired to htmx until it settles):
  // shortcut keys that click pressed meanwhile wait, and run in order on the new item.
  var busy = false;
  var waiting = [];
  // A reviewer who chose a field (s, e …) after the action was sent keeps it when the
  // answer settles; otherwise focus goes to the new item's heading.
  var actionSentAt = 0;
  var fieldChosenAt = 0;

  function runShortcut(key) {
    var target = document.querySelector('[data-shortcut="' + CSS.escape(key) + '"]');
    if (!target) return false;
    if (isField(target)) {
      var details = target.closest("details");
      if (details) details.open = true;
      target.focus();
      fieldChosenAt = Date.now();
      if (target.select && target.tagName !== "SELECT") target.select();
    } else {
      target.click();
    }
    return true;
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
    if (busy && target && !isField(target)) {
      // A field is focused at once (htmx keeps focus on an element of the same id across
      // the swap, so typing goes on into the new item's field); a click waits.
      event.preventDefault();
      waiting.push(event.key);
      return;
    }
    if (runShortcut(event.key)) event.preventDefault();
  });

  function isQueue(event) {
    var target = event.detail && event.detail.target;
    return target && target.id === "queue";
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!isQueue(event)) return;
    busy = true;
    actionSentAt = Date.now();
  });

  function settled() {
    busy = false;
    // Words typed into a field before htmx had wired the new item reach it now.
    var active = document.activeElement;
    if (isField(active) && active.value && fieldChosenAt > actionSentAt) {
      active.dispatchEvent(new Event("input", { bubbles: true }));
    }
    var keys = waiting;
    waiting = [];
    for (var i = 0; i < keys.length; i++) {
      runShortcut(keys[i]);
      if (busy) {
        waiting = keys.slice(i + 1).concat(waiting);
        return;
      }
    }
  }

  // After each action or move the next statement is swapped in: put focus on its heading,
  // so screen readers announce it and the focus is not lost with the replaced button.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!isQueue(event)) return;
    if (!(isField(document.activeElement) && fieldChosenAt > actionSentAt)) focusItem();
    settled();
  });
  // An action that failed (network, server error) swaps nothing: take keys again.
  ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (isQueue(event)) settled();
    });
  });
})();
