// Check-in at the door: filter as you type (without accents: "tran thi" finds "Trần Thị"),
// one tap toggles presence without reloading.
(function () {
  var filter = document.getElementById("filter");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".checkin-row"));
  var none = document.getElementById("filter-none");
  var count = document.getElementById("filter-count");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
  }

  rows.forEach(function (row) { row.dataset.folded = fold(row.dataset.name || ""); });

  if (filter) {
    filter.addEventListener("input", function () {
      var words = fold(filter.value).split(" ").filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var match = words.every(function (w) { return row.dataset.folded.indexOf(w) !== -1; });
        // d-none, not the hidden attribute: Bootstrap's d-flex on the row would win.
        row.classList.toggle("d-none", !match);
        if (match) { shown += 1; }
      });
      if (none) { none.classList.toggle("d-none", shown > 0); }
      if (count) { count.textContent = words.length ? count.dataset.template.replace("{n}", shown) : ""; }
    });
  }
  rows.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      fetch(form.action, { method: "POST", body: new FormData(form), headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) {
          button.classList.toggle("btn-success", data.attended);
          button.classList.toggle("btn-outline-secondary", !data.attended);
          button.setAttribute("aria-pressed", data.attended ? "true" : "false");
          button.textContent = data.attended ? button.dataset.on : button.dataset.off;
        })
        .catch(function () { form.submit(); });
    });
  });
})();
