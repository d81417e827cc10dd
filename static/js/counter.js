/* A live count of the characters typed against a field's limit: <textarea data-counter maxlength="220">. */
(function () {
  "use strict";
  document.querySelectorAll("[data-counter][maxlength]").forEach(function (field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    var counter = document.createElement("div");
    counter.className = "form-text text-end char-counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var update = function () {
      var used = field.value.length;
      counter.textContent = used + " / " + limit;
      counter.classList.toggle("text-danger", used >= limit);
    };
    field.addEventListener("input", update);
    update();
  });
})();
