/* Submission pages: a button that changes something asks first; a chosen evidence file
   replaces the "no file yet" warning of its card (no inline script). */
(function () {
  "use strict";
  document.querySelectorAll("button[data-confirm-click]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm-click"))) { event.preventDefault(); }
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
