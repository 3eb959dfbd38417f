/* On every page: the timeline's category filter (?category=a,b) travels with the links marked
   data-keep-filter (back to the timeline, the pager, the languages) and with the timeline's cards,
   so that a reader comes back to the view they left. timeline.js announces each new choice. */
(() => {
  "use strict";
  const keep = (filter) => {
    for (const link of document.querySelectorAll("a[data-keep-filter], [data-timeline] .card-title a")) {
      const url = new URL(link.href);
      url.search = filter ? "?category=" + filter : "";
      link.setAttribute("href", url.pathname + url.search + url.hash);
    }
  };
  const given = new URLSearchParams(location.search).get("category") || "";
  if (/^[a-z0-9-]+(,[a-z0-9-]+)*$/.test(given)) keep(given);
  document.addEventListener("filter", (event) => keep(event.detail));
})();
