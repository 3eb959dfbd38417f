/* Search, first step, on every page: swap the header's link for a box. The search code, its
   styles and Pagefind's index load only once a reader focuses a box (or arrives with a query). */
for (const root of document.querySelectorAll("[data-search]")) {
  const form = root.querySelector("form");
  if (!form) continue;
  let started;
  const start = () => (started ||= import(root.dataset.ui).then((code) => code.mount(root)));
  for (const other of root.querySelectorAll(".site-search-link, [data-search-fallback]")) other.hidden = true;
  form.hidden = false;
  form.addEventListener("focusin", start, { once: true });
  if (root.dataset.search === "page" && /[?&](q|category)=./.test(location.search)) start();
}
