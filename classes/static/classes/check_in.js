// The check-in page without reloading it: a tap on present / late / excused / absent is sent in the background
// and its button shown pressed once saved. Without this script each tap is an ordinary form post.
(function () {
  "use strict";

  function pressed(form, status) {
    form.querySelectorAll("button[name=status]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.value === status));
    });
  }

  function showError(form, message) {
    var error = form.parentNode.querySelector(".check-in__error");
    if (!error) {
      error = document.createElement("p");
      error.className = "check-in__error";
      error.setAttribute("role", "alert");
      form.after(error);
    }
    error.textContent = message;
  }

  function clearError(form) {
    var error = form.parentNode.querySelector(".check-in__error");
    if (error) error.remove();
  }

  function summarise() {
    var summary = document.querySelector("[data-check-in-summary]");
    if (!summary) return;
    var forms = document.querySelectorAll("[data-check-in-mark]");
    var marked = 0;
    var came = 0;
    forms.forEach(function (form) {
      var on = form.querySelector("button[aria-pressed=true]");
      if (on) {
        marked += 1;
        if (on.value === "present" || on.value === "late") came += 1;
      }
    });
    summary.textContent = came + " came · " + marked + " of " + forms.length + " checked in";
  }

  document.querySelectorAll("[data-check-in-mark]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) return;
      event.preventDefault();
      var data = new FormData(form);
      data.set("status", button.value);
      button.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (answer) {
            if (!response.ok) throw new Error(answer.error || "Not saved: try again.");
            clearError(form);
            pressed(form, answer.status);
            summarise();
          });
        })
        .catch(function (error) {
          showError(form, error.message || "Not saved: try again.");
        })
        .finally(function () {
          button.removeAttribute("aria-busy");
        });
    });
  });

  var dates = document.querySelector("[data-check-in-date] select");
  if (dates) {
    dates.addEventListener("change", function () {
      dates.form.submit();
    });
  }
})();
