/* Entry pages: "Copy link" copies the page's canonical address. The button stays hidden where the
   clipboard cannot be written (no JavaScript, or a page not served over HTTPS or from localhost);
   the status line tells screen readers what happened. */
(() => {
  "use strict";
  const button = document.querySelector("[data-copy]");
  const status = document.querySelector("[data-copy-status]");
  if (!button || !status || !navigator.clipboard) return;
  button.closest("[data-copy-item]").hidden = false;
  button.addEventListener("click", () => {
    const url = new URL(button.dataset.copy, location.href).href;
    navigator.clipboard.writeText(url).then(
      () => (status.textContent = button.dataset.copied),
      () => (status.textContent = button.dataset.failed),
    );
  });
})();
