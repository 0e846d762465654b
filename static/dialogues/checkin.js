// Check-in at the door: filter as you type, one tap toggles presence without reloading.
(function () {
  var filter = document.getElementById("filter");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".checkin-row"));
  if (filter) {
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      rows.forEach(function (row) { row.hidden = q && row.dataset.name.indexOf(q) === -1; });
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
