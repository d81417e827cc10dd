/* Progress reports: the run page polls its progress address and shows the step, the bar and the end. */
(function () {
  "use strict";

  var box = document.querySelector("[data-run-progress-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-run-progress-url");
  var bar = box.querySelector("[data-run-bar]");
  var percent = box.querySelector("[data-run-percent]");
  var step = box.querySelector("[data-run-step]");
  var state = box.querySelector("[data-run-state] .badge");
  var errorBox = box.querySelector("[data-run-error]");
  var errorText = box.querySelector("[data-run-error-text]");
  var done = box.querySelector("[data-run-done]");
  var link = box.querySelector("[data-run-report]");
  var note = box.querySelector("[data-run-note]");

  var show = function (data) {
    if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
    if (percent) { percent.textContent = data.percent; }
    if (step) { step.textContent = data.step; }
    if (state) { state.className = "badge rounded-pill status-" + data.state; state.textContent = data.state_display; }
    if (data.state === "failed" && errorBox) {
      errorText.textContent = data.error;
      errorBox.classList.remove("d-none");
    }
    if (data.state === "succeeded" && done) {
      if (link && data.report_url) { link.setAttribute("href", data.report_url); }
      done.classList.remove("d-none");
    }
    if (data.finished && note) { note.classList.add("d-none"); }
  };

  var poll = function () {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        show(data);
        if (!data.finished) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  };
  window.setTimeout(poll, 500);
})();
