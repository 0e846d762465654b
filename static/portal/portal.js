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
  // <input data-datepicker="label">: a dd/mm/yyyy box stays what is typed into; the
  // button beside it opens the browser's date picker (no library, no CDN) and writes
  // the chosen day back as dd/mm/yyyy.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  document.querySelectorAll("input[data-datepicker]").forEach(function (box) {
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "date-picker-native";
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary date-picker-button";
    button.setAttribute("aria-label", box.getAttribute("data-datepicker"));
    button.title = box.getAttribute("data-datepicker");
    button.innerHTML = '<i class="bi bi-calendar3" aria-hidden="true"></i>';
    var wrap = document.createElement("span");
    wrap.className = "date-picker";
    box.insertAdjacentElement("afterend", wrap);
    wrap.appendChild(button);
    wrap.appendChild(picker);
    box.classList.add("date-picker-box");
    button.addEventListener("click", function () {
      var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(box.value.trim());
      picker.value = m ? m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]) : "";
      if (picker.showPicker) { picker.showPicker(); } else { picker.focus(); picker.click(); }
    });
    picker.addEventListener("change", function () {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(picker.value);
      if (!m) { return; }
      box.value = m[3] + "/" + m[2] + "/" + m[1];
      box.dispatchEvent(new Event("input", { bubbles: true }));
      box.dispatchEvent(new Event("change", { bubbles: true }));
      box.focus();
    });
  });
  // <span data-inbox-count="url">: the menu's "Việc chờ tôi" badge, fetched after load.
  document.querySelectorAll("[data-inbox-count]").forEach(function (badge) {
    fetch(badge.getAttribute("data-inbox-count"), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.count) { return; }
        badge.textContent = data.count;
        badge.setAttribute("aria-label", data.count + " " + badge.getAttribute("data-label"));
        badge.classList.remove("d-none");
      })
      .catch(function () {});
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
  // <input type="file" data-max-total="bytes" data-max-files="n" data-too-big="text">:
  // files over the request's limit are refused here, before the upload, so the form and
  // what was typed in it stay (the server would answer 413 and lose both).
  document.querySelectorAll("input[type=file][data-max-total]").forEach(function (input) {
    var message = document.getElementById(input.id + "-too-big");
    input.addEventListener("change", function () {
      var total = 0;
      Array.prototype.forEach.call(input.files, function (f) { total += f.size; });
      var most = Number(input.getAttribute("data-max-files") || 0);
      var refused = total > Number(input.getAttribute("data-max-total")) ||
        (most > 0 && input.files.length > most);
      if (message) { message.classList.toggle("d-none", !refused); }
      input.classList.toggle("is-invalid", refused);
      if (refused) { input.value = ""; }
    });
  });
})();
