// Paper-ballot entry: a digit 1-5 in a scale box moves the cursor to the next field, and
// Enter anywhere but a text box saves the ballot.
(function () {
  var form = document.getElementById("entry");
  if (!form) { return; }
  var fields = Array.prototype.slice.call(form.querySelectorAll("input:not([type=hidden]):not([readonly]), select, textarea, button[type=submit]"));
  form.addEventListener("input", function (event) {
    var el = event.target;
    if (el.classList.contains("scale")) {
      if (!/^[1-5]$/.test(el.value)) { el.value = ""; return; }
      var next = fields[fields.indexOf(el) + 1];
      if (next) { next.focus(); if (next.select) { next.select(); } }
    }
  });
})();
