// Behaviour that would otherwise be inline handlers (the Content-Security-Policy allows
// scripts from the portal's static files only).
(function () {
  "use strict";
  // <button data-confirm="Question?">: ask before submitting a destructive action.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // <select data-autosubmit>: submit the filter form as soon as a choice is made.
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]") && event.target.form) {
      // data-autosubmit="name" also sends name=1, so the page knows it is not a save.
      var name = event.target.getAttribute("data-autosubmit");
      if (name) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = "1";
        event.target.form.appendChild(input);
      }
      event.target.form.submit();
    }
  });
  // <select data-depends-on="id">: only the options whose data-department matches the
  // value of <select id="id"> (all of them while it is empty); a choice that no longer
  // fits is cleared.
  document.querySelectorAll("select[data-depends-on]").forEach(function (select) {
    var parent = document.getElementById(select.getAttribute("data-depends-on"));
    if (!parent) { return; }
    function narrow() {
      Array.prototype.forEach.call(select.options, function (o) {
        if (!o.value) { return; }
        o.hidden = Boolean(parent.value) && o.dataset.department !== parent.value;
      });
      var chosen = select.options[select.selectedIndex];
      if (chosen && chosen.hidden) { select.value = ""; }
    }
    parent.addEventListener("change", narrow);
    narrow();
  });
  // <input data-filter-select="id">: typing a code or part of a name (accents optional)
  // narrows the long <select id="id"> to the matching options; a single match is chosen.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  document.querySelectorAll("[data-filter-select]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-filter-select"));
    if (!select) { return; }
    var options = Array.prototype.slice.call(select.options).filter(function (o) { return o.value; });
    options.forEach(function (o) { o.dataset.folded = fold(o.textContent); });
    var status = document.getElementById(input.id + "-status");
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var matches = options.filter(function (o) {
        var hit = words.every(function (w) { return o.dataset.folded.indexOf(w) !== -1; });
        o.hidden = !hit;
        return hit;
      });
      if (status) {
        status.textContent = words.length ? status.dataset.template.replace("{n}", matches.length) : "";
      }
      if (words.length && matches.length === 1 && select.value !== matches[0].value) {
        select.value = matches[0].value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  });
})();
