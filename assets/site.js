/* On every page: the timeline's filter (?category=a,b&era=2020-06-29) travels with the links marked
   data-keep-filter (back to the timeline, the pager, the languages) and with the timeline's cards,
   so that a reader comes back to the view they left. timeline.js announces each new choice. */
(() => {
  "use strict";
  const keep = (filter) => {
    for (const link of document.querySelectorAll("a[data-keep-filter], [data-timeline] .card-title a")) {
      const url = new URL(link.href);
      url.search = filter;
      link.setAttribute("href", url.pathname + url.search + url.hash);
    }
  };
  const params = new URLSearchParams(location.search);
  const given = ["category", "era"].filter((name) => /^[a-z0-9-]+(,[a-z0-9-]+)*$/.test(params.get(name) || ""));
  if (given.length) keep(given.map((name) => name + "=" + params.get(name)).join("&"));
  document.addEventListener("filter", (event) => keep(event.detail));
})();
