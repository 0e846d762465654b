// The page of a background export: a progress bar that polls the job's status.json
// until the file is ready (then the download link shows) or the build failed.
(function () {
  "use strict";
  var box = document.getElementById("export-job");
  if (!box) { return; }
  var bar = box.querySelector("[data-role=bar]");
  var meter = box.querySelector("[role=progressbar]");
  var words = document.getElementById("export-state-words");
  var numbers = new Intl.NumberFormat("vi-VN");

  function show(status) {
    var total = status.rows_total || 0;
    var done = Math.min(status.rows_done || 0, total || status.rows_done || 0);
    var percent = status.state === "done" ? 100 : (total ? Math.floor(done * 100 / total) : 0);
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    meter.setAttribute("aria-valuemax", String(total));
    meter.setAttribute("aria-valuenow", String(done));
    box.querySelector("[data-role=done]").textContent = numbers.format(done);
    box.querySelector("[data-role=total]").textContent = numbers.format(total);
    box.querySelector("[data-role=state]").textContent = words.getAttribute("data-" + status.state) || status.state;
    box.setAttribute("data-state", status.state);
    var finished = status.state === "done" || status.state === "failed";
    bar.classList.toggle("progress-bar-animated", !finished);
    bar.classList.toggle("bg-danger", status.state === "failed");
    if (status.state === "done" && status.url) {
      box.querySelector("#export-download").setAttribute("href", status.url);
    }
    box.querySelector("[data-role=ready]").classList.toggle("d-none", status.state !== "done");
    box.querySelector("[data-role=failed]").classList.toggle("d-none", status.state !== "failed");
    return finished;
  }

  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (status && show(status)) { return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  show({
    state: box.getAttribute("data-state"),
    rows_done: Number(meter.getAttribute("aria-valuenow")),
    rows_total: Number(meter.getAttribute("aria-valuemax"))
  });
  if (box.getAttribute("data-state") !== "done" && box.getAttribute("data-state") !== "failed") {
    poll();
  }
})();
