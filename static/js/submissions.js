/* Submission pages: a button that changes something asks first (no inline script). */
(function () {
  "use strict";
  document.querySelectorAll("button[data-confirm-click]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm-click"))) { event.preventDefault(); }
    });
  });
})();
