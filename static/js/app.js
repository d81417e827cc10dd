/* Thi đua: the little behaviour pages need, kept out of templates (no inline script). */
(function () {
  "use strict";

  // Filter selects and inputs get Bootstrap classes (django-filter renders bare widgets).
  document.querySelectorAll(".filter-bar select").forEach(function (el) { el.classList.add("form-select"); });
  document.querySelectorAll(".filter-bar input").forEach(function (el) { el.classList.add("form-control"); });

  // Filters fold away on a phone and stay open on wider screens.
  if (window.matchMedia("(min-width: 768px)").matches) {
    document.querySelectorAll("details.filter-details").forEach(function (el) { el.open = true; });
  }

  // A long job's page polls its progress address and reloads when the job has finished.
  var box = document.querySelector("[data-progress-url]");
  if (box) {
    var url = box.getAttribute("data-progress-url");
    var bar = box.querySelector("[data-bar]");
    var poll = function () {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
          if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 800);
  }

  // Long lists become searchable (tom-select, static/vendor): those marked data-searchable and any
  // single select of 15 options or more; typing "dak wil" finds "Đắk Wil". A select another
  // script refills (people following their organization) stays a plain select.
  if (window.TomSelect) {
    var noMatch = document.body.getAttribute("data-no-match") || "—";
    document.querySelectorAll("select").forEach(function (select) {
      if (select.multiple || select.hasAttribute("data-people-url") || select.tomselect) { return; }
      if (!select.hasAttribute("data-searchable") && select.options.length < 15) { return; }
      // The empty choice ("---------") becomes the placeholder; a select that may be left empty
      // gets a button to clear it.
      var empty = select.querySelector("option[value='']");
      new window.TomSelect(select, {
        allowEmptyOption: false,
        placeholder: empty ? empty.textContent : "",
        plugins: select.required || !empty ? [] : ["clear_button"],
        maxOptions: null,
        render: { no_results: function () { var el = document.createElement("div"); el.className = "no-results"; el.textContent = noMatch; return el; } },
      });
    });
  }

  // Forms that ask for confirmation before a state change.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
