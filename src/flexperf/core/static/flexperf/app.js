// flexperf: small enhancements. Every page works without this file (CSP: scripts from 'self').
(function () {
  "use strict";

  // A button with data-confirm asks before its form is sent.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // A button with data-copy="#selector" copies that element's text (the new API token).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied") || label;
      window.setTimeout(function () { button.textContent = label; }, 2000);
    });
  });

  // htmx: the CSRF token rides along on every request it makes.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) event.detail.headers["X-CSRFToken"] = token.value;
  });

  // A select with data-autosubmit sends its form when it changes (the period picker); the
  // form's own button does the same without script.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  // "Add a row" (data-add-row="prefix"): a copy of the list's blank row from its <template>,
  // numbered after the last, and the formset's TOTAL_FORMS raised to match.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (!button) return;
    var prefix = button.getAttribute("data-add-row");
    var table = document.querySelector("[data-formset='" + prefix + "']");
    var template = document.getElementById(prefix + "-template");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!table || !template || !total) return;
    var index = parseInt(total.value, 10);
    var most = parseInt(table.getAttribute("data-max") || "40", 10);
    if (index >= most) return;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var body = table.querySelector("tbody");
    body.insertAdjacentHTML("beforeend", html);
    var rows = body.querySelectorAll("tr:not(.row-errors)");
    var number = rows[rows.length - 1].querySelector(".row-number");
    if (number) number.textContent = String(index + 1);
    total.value = String(index + 1);
    if (index + 1 >= most) button.disabled = true;
    var first = rows[rows.length - 1].querySelector("input, select");
    if (first) first.focus();
  });

  // Calculator: each sample row shows the inputs of its component's paradigm only.
  function showGroups(sample) {
    var select = sample.querySelector("[data-sample-component]");
    var option = select && select.options[select.selectedIndex];
    var paradigm = option ? option.getAttribute("data-paradigm") || "" : "";
    sample.querySelectorAll("[data-paradigms]").forEach(function (group) {
      var wanted = (group.getAttribute("data-paradigms") || "").split(" ");
      group.hidden = !paradigm || wanted.indexOf(paradigm) < 0;
    });
  }
  function setUp(root) {
    root.querySelectorAll("[data-sample]").forEach(showGroups);
  }
  document.addEventListener("change", function (event) {
    var select = event.target.closest("[data-sample-component]");
    if (select) showGroups(select.closest("[data-sample]"));
    // Choosing another scheme starts its samples afresh (the "Use this scheme" button).
    var scheme = event.target.closest(".calculator select[name=scheme]");
    if (scheme) {
      var refresh = scheme.form.querySelector("[data-refresh]");
      if (refresh) refresh.click();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:afterSettle", function () { setUp(document); });
})();
