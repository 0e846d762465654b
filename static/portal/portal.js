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
})();
