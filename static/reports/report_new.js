// The new-report form shows only the fields of the chosen kind of period.
(function () {
  var form = document.getElementById("report-new");
  function show() {
    var checked = form.querySelector("input[name=kind]:checked");
    var kind = checked ? checked.value : "";
    form.querySelectorAll("[data-kinds]").forEach(function (el) {
      el.hidden = kind !== "" && el.dataset.kinds.split(" ").indexOf(kind) === -1;
    });
  }
  form.querySelectorAll("input[name=kind]").forEach(function (el) { el.addEventListener("change", show); });
  show();
})();
