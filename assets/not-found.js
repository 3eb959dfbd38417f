/* 404.html answers every missing address: keep the words in the reader's language, chosen by the
   address (/ru/... is Russian; any other, the site's first language), and drop the others. */
(() => {
  "use strict";
  const base = document.currentScript.dataset.base;
  const parts = Array.from(document.querySelectorAll("[data-lang]"));
  const path = location.pathname;
  const first = path.startsWith(base) ? path.slice(base.length).split("/")[0] : "";
  const languages = parts.map((part) => part.dataset.lang);
  const lang = languages.includes(first) ? first : languages[0];
  for (const part of parts) if (part.dataset.lang !== lang) part.remove();
  document.documentElement.lang = lang;
  for (const link of document.querySelectorAll(".language-switcher a")) {
    if (link.lang === lang) link.setAttribute("aria-current", "true");
  }
  const heading = document.querySelector("h1 [data-title]");
  if (heading) document.title = heading.dataset.title;
})();
