/* Draws the dashboard's charts with the vendored Chart.js (static/vendor/chartjs) from the
   figures the page carries in a json_script element. No inline script or style: the strict
   CSP holds. Every chart's numbers are also in a table on the page. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var colours = ["#1f6f43", "#b7791f", "#0b5cad", "#a61b1b", "#5b4b8a"];
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function draw(canvas) {
    var spec = charts[canvas.getAttribute("data-chart")];
    if (!spec) {
      return;
    }
    var line = spec.type === "line";
    var datasets = spec.datasets.map(function (set, i) {
      var colour = colours[i % colours.length];
      return {
        label: set.label,
        data: set.data,
        backgroundColor: colour,
        borderColor: colour,
        fill: false,
        tension: 0
      };
    });
    var stacked = Boolean(spec.stacked);
    var chart = new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: reduced ? false : { duration: 300 },
        plugins: { legend: { display: datasets.length > 1 || line } },
        scales: {
          x: { stacked: stacked, beginAtZero: true, ticks: { autoSkip: true } },
          y: { stacked: stacked, beginAtZero: true }
        },
        onClick: function (event, elements) {
          // A bar with its own list behind it leads there; the table's links do the same.
          if (spec.links && elements.length) {
            window.location.href = spec.links[elements[0].index];
          }
        }
      }
    });
    canvas.dashboardChart = chart;
  }

  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
})();
