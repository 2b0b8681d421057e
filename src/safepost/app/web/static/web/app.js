/* SafePost page behaviour. A file from 'self' (the CSP refuses inline scripts): no eval, no
   inline handlers; elements opt in with data- attributes.

   <button data-use-text="#safe-rewrite" data-into="#id_text" hidden>Use this text</button>
   puts the text of the first element into the editor named by the second, and tells the editor
   it changed (so the live check runs again). The button stays hidden where there is no editor. */
(function () {
  "use strict";

  function reveal(root) {
    root.querySelectorAll("[data-use-text]").forEach(function (button) {
      button.hidden = !document.querySelector(button.getAttribute("data-into"));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-use-text]");
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-use-text"));
    var editor = document.querySelector(button.getAttribute("data-into"));
    if (!source || !editor) { return; }
    editor.value = source.textContent.trim();
    editor.dispatchEvent(new Event("input", { bubbles: true }));
    editor.dispatchEvent(new Event("change", { bubbles: true }));
    editor.focus();
  });

  document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  document.addEventListener("htmx:afterSwap", function (event) { reveal(event.target); });
}());
