/* Submission pages: a button that changes something asks first; a chosen evidence file
   replaces the "no file yet" warning of its card (no inline script). */
(function () {
  "use strict";
  document.querySelectorAll("button[data-confirm-click]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm-click"))) { event.preventDefault(); }
    });
  });
  // A box in a table's head ticks or clears every box of that name (the queue's bulk verify).
  document.querySelectorAll("input[data-check-all]").forEach(function (all) {
    var name = all.getAttribute("data-check-all");
    var form = all.closest("form") || document;
    all.addEventListener("change", function () {
      form.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) { box.checked = all.checked; });
    });
  });
  document.querySelectorAll("input[type=file]").forEach(function (input) {
    input.addEventListener("change", function () {
      var card = input.closest(".card");
      var warning = card && card.querySelector(".evidence-missing");
      if (warning && input.files.length) {
        warning.textContent = warning.getAttribute("data-chosen");
        warning.classList.replace("text-danger", "text-success");
      }
    });
  });
})();
