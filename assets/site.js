/* Timeline category filter. Without this script every chip is a link to its category page;
   with it the chips toggle (several at once), the timeline filters in place and the choice
   lives in the address (?category=a,b), so it can be shared, reloaded and undone with Back. */
(() => {
  "use strict";
  const timeline = document.querySelector("[data-timeline]");
  const filters = document.querySelector("[data-filters]");
  const status = filters && filters.querySelector("[data-status]");
  if (!timeline || !status) return;

  const empty = document.querySelector("[data-empty]");
  const cards = Array.from(timeline.querySelectorAll("[data-categories]"));
  const years = Array.from(timeline.querySelectorAll(".year"));
  const yearLinks = Array.from(document.querySelectorAll(".year-nav [data-year]"));

  const chips = Array.from(filters.querySelectorAll("a.chip[data-category]"), (link) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.dataset.category = link.dataset.category;
    button.setAttribute("aria-pressed", "false");
    button.textContent = link.textContent;
    link.replaceWith(button);
    return button;
  });
  const known = chips.map((chip) => chip.dataset.category);

  const clear = document.createElement("button");
  clear.type = "button";
  clear.className = "clear-filters";
  clear.textContent = status.dataset.templateClear;
  clear.hidden = true;
  status.before(clear);

  /** The chosen categories, in the chips' order; unknown slugs in the address are ignored. */
  const fromAddress = () => {
    const wanted = (new URLSearchParams(location.search).get("category") || "").split(",");
    return known.filter((slug) => wanted.includes(slug));
  };

  /** The address for a choice, keeping any other query parameters; commas stay readable. */
  const toAddress = (chosen) => {
    const params = new URLSearchParams(location.search);
    params.delete("category");
    const query = [params.toString(), chosen.length ? "category=" + chosen.join(",") : ""].filter(Boolean).join("&");
    return location.pathname + (query ? "?" + query : "");
  };

  const show = (chosen, announce) => {
    const wanted = new Set(chosen);
    let shown = 0;
    for (const card of cards) {
      card.hidden = wanted.size > 0 && !card.dataset.categories.split(" ").some((slug) => wanted.has(slug));
      shown += card.hidden ? 0 : 1;
    }
    for (const year of years) year.hidden = !year.querySelector("[data-categories]:not([hidden])");
    for (const item of yearLinks) {
      const section = document.getElementById("y" + item.dataset.year);
      item.hidden = Boolean(section && section.hidden);
    }
    for (const chip of chips) chip.setAttribute("aria-pressed", String(wanted.has(chip.dataset.category)));
    clear.hidden = wanted.size === 0;
    if (empty) empty.hidden = shown > 0;
    if (announce || wanted.size) {
      status.textContent = wanted.size
        ? status.dataset.templateSome.replace("{shown}", shown).replace("{total}", cards.length)
        : status.dataset.templateAll;
    }
  };

  const choose = (chosen) => {
    history.pushState(null, "", toAddress(chosen));
    show(chosen, true);
  };

  for (const chip of chips) {
    chip.addEventListener("click", () => {
      const slug = chip.dataset.category;
      const current = fromAddress();
      choose(known.filter((s) => (s === slug ? !current.includes(s) : current.includes(s))));
    });
  }
  clear.addEventListener("click", () => {
    choose([]);
    if (chips.length) chips[0].focus();
  });
  window.addEventListener("popstate", () => show(fromAddress(), true));
  show(fromAddress(), false);
})();
