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

  /* Calendar: a post that may be moved (<li draggable="true" data-move-form="move-12">) dropped
     on a day (an element with data-day inside [data-drop-zone]) puts that day into its "Move to…"
     form and sends it; the server keeps the time of day and checks the post again. */
  var dragged = null;

  function dayUnder(event) {
    var el = event.target.nodeType === 1 ? event.target : event.target.parentElement;
    var day = el && el.closest("[data-drop-zone] [data-day]");
    return dragged && day ? day : null;
  }

  function clearTargets() {
    document.querySelectorAll(".drop-target").forEach(function (d) { d.classList.remove("drop-target"); });
  }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-move-form]");
    if (!item) { return; }
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-post"));
    item.classList.add("dragging");
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    var day = dayUnder(event);
    if (!day) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!day.classList.contains("drop-target")) { clearTargets(); day.classList.add("drop-target"); }
  });

  document.addEventListener("drop", function (event) {
    var day = dayUnder(event);
    if (!day) { return; }
    event.preventDefault();
    var form = document.getElementById(dragged.getAttribute("data-move-form"));
    var from = dragged.closest("[data-day]");
    if (form && (!from || from.getAttribute("data-day") !== day.getAttribute("data-day"))) {
      form.elements.day.value = day.getAttribute("data-day");
      form.submit();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  document.addEventListener("htmx:afterSwap", function (event) { reveal(event.target); });
}());
