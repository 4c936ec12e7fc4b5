// Draws the chart of an admin report (classes/admin/reports.py) from the numbers the page carries as JSON
// (json_script) and shows in a table beside it. Drawn again when Wagtail swaps in new results (a filter changed).
(function () {
  "use strict";

  function draw() {
    document.querySelectorAll("canvas[data-report-chart]").forEach(function (canvas) {
      var data = document.getElementById(canvas.dataset.reportChart);
      if (!data || canvas.dataset.drawn) {
        return;
      }
      var chart = JSON.parse(data.textContent);
      canvas.dataset.drawn = "1";
      new window.Chart(canvas, {
        type: chart.kind,
        data: {
          labels: chart.rows.map(function (row) { return row.label; }),
          datasets: [{
            label: chart.label,
            data: chart.rows.map(function (row) { return row.value; }),
            borderColor: "#007d7e",
            backgroundColor: "rgba(0, 125, 126, 0.45)",
          }],
        },
        options: {
          maintainAspectRatio: false,
          animation: false,
          indexAxis: chart.kind === "bar" ? "y" : "x",
          scales: chart.kind === "bar" ? { x: { min: 0, max: 100 } } : { y: { min: 0, max: 100 } },
          plugins: { legend: { display: false } },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  document.addEventListener("w-swap:success", draw);
})();
