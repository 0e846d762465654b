// Leaders' dashboard: dossiers decided this quarter per department, early / on time / late,
// as stacked horizontal bars. Data come from the #on-time-data JSON element; the same
// numbers are in the table under the chart.
(function () {
  var source = document.getElementById("on-time-data");
  var canvas = document.getElementById("on-time-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = {
    early: "rgba(25, 135, 84, 0.8)",
    on_time: "rgba(13, 110, 253, 0.75)",
    late: "rgba(220, 53, 69, 0.8)"
  };

  // Department names are long: break them into lines that leave the bars room on a phone.
  var narrow = canvas.parentElement.clientWidth < 576;
  var width = narrow ? 14 : 30;
  function lines(label) {
    var out = [], line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { out.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { out.push(line); }
    return out;
  }
  var labels = data.labels.map(lines);
  var height = labels.reduce(function (sum, l) { return sum + Math.max(36, l.length * 16 + 14); }, 0);
  canvas.parentElement.style.height = Math.max(140, height + 80) + "px";

  new Chart(canvas, {
    type: "bar",
    data: {
      labels: labels,
      datasets: data.series.map(function (s) {
        return { label: s.label, data: s.data, backgroundColor: colours[s.key], stack: "decided" };
      })
    },
    options: {
      indexAxis: "y",
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: data.axis } },
        y: { stacked: true, ticks: { autoSkip: false } }
      },
      plugins: {
        legend: { position: "top" },
        tooltip: { callbacks: { title: function (items) { return data.labels[items[0].dataIndex]; } } }
      }
    }
  });
})();
