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
      event.target.form.submit();
    }
  });
})();
