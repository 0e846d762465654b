// Survey results: bar charts of the satisfaction rate per criterion and per question,
// with the ward's target as a line. Data come from the #results-data JSON element.
(function () {
  var source = document.getElementById("results-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);

  function draw(canvasId, rows) {
    var canvas = document.getElementById(canvasId);
    if (!canvas || !rows.length) { return; }
    var labels = rows.map(function (r) { return r.label; });
    var rates = rows.map(function (r) { return r.rate; });
    var colours = rows.map(function (r) {
      return r.rate !== null && r.rate >= data.target ? "rgba(25, 135, 84, 0.75)" : "rgba(220, 53, 69, 0.75)";
    });
    new Chart(canvas, {
      data: {
        labels: labels,
        datasets: [
          { type: "bar", label: data.labels.rate, data: rates, backgroundColor: colours, order: 2 },
          {
            type: "line", label: data.labels.target, data: rows.map(function () { return data.target; }),
            borderColor: "rgba(13, 110, 253, 0.9)", borderDash: [6, 4], borderWidth: 2,
            pointRadius: 0, fill: false, order: 1
          }
        ]
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: {
          tooltip: {
            callbacks: {
              title: function (items) {
                var row = rows[items[0].dataIndex];
                return row.title || row.label;
              },
              label: function (item) {
                return item.dataset.label + ": " + (item.raw === null ? "–" : item.raw);
              }
            }
          }
        }
      }
    });
  }

  draw("chart-criteria", data.criteria);
  draw("chart-questions", data.questions);
})();
