/* Thi đua: the dashboard's progress charts (Chart.js from static/vendor), data from json_script. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  var colours = {
    verified: "#198754", submitted: "#fd7e14", returned: "#dc3545",
    draft: "#6ea8fe", not_started: "#adb5bd", unregistered: "#e9ecef"
  };
  // Long names (“Phòng, ban, đơn vị trực thuộc Liên minh”) wrap onto lines of about 22 letters.
  var wrap = function (label) {
    var lines = [], line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > 22) { lines.push(line); line = word; } else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var data = charts[canvas.getAttribute("data-chart")];
    if (!data || !data.labels.length) { return; }
    // Horizontal bars read on a phone as well as on a desk: the box grows with the rows.
    canvas.parentElement.style.height = (70 + data.labels.length * 38) + "px";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels.map(wrap),
        datasets: data.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: colours[s.key], borderColor: "#fff", borderWidth: 1 };
        })
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        responsive: true,
        scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  });
})();
