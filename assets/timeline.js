/* The timeline's tools. They fold into one disclosure on phones and stay open beside the list on wide
   screens. Without this script every chip is a link to its category's page; with it the chips toggle
   (several at once), the list and the chart follow, and the choice lives in the address
   (?category=a,b), so it can be shared, reloaded and undone with Back. */
(() => {
  "use strict";
  const tools = document.querySelector("[data-tools]");
  const wide = matchMedia("(min-width: 48em)");
  if (tools) {
    const fit = () => (tools.open = wide.matches);
    wide.addEventListener("change", fit);
    fit();
    tools.addEventListener("click", (event) => {
      if (!wide.matches && event.target.closest("a[href^='#']")) tools.open = false; // show the year it leads to
    });
  }

  const timeline = document.querySelector("[data-timeline]");
  const filters = document.querySelector("[data-filters]");
  const status = document.querySelector("[data-status]");
  if (!timeline || !filters || !status) return;

  const empty = document.querySelector("[data-empty]");
  const state = document.querySelector("[data-tools-state]");
  const cards = Array.from(timeline.querySelectorAll("[data-categories]"));
  const years = Array.from(timeline.querySelectorAll(".year"));
  const chart = document.querySelector("[data-chart]");
  const bars = chart ? Array.from(chart.querySelectorAll("[data-year]")) : [];

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
  const titles = new Map(chips.map((chip) => [chip.dataset.category, chip.textContent]));

  const clear = document.createElement("button");
  clear.type = "button";
  clear.className = "clear-filters";
  clear.textContent = status.dataset.templateClear;
  clear.hidden = true;
  status.after(clear);

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

  /** Each year's bar again from the cards shown, on the whole chart's scale; a year left empty is no link. */
  const recount = () => {
    for (const bar of bars) {
      const section = document.getElementById("y" + bar.dataset.year);
      if (!section) continue; // a year without events stays empty
      const firsts = Array.from(section.querySelectorAll("[data-categories]:not([hidden])"), (card) =>
        card.dataset.categories.split(" ")[0],
      );
      const svg = bar.querySelector("svg");
      const scale = svg.viewBox.baseVal.width / chart.dataset.tallest;
      let total = 0;
      svg.replaceChildren();
      for (const slug of known) {
        const count = firsts.filter((first) => first === slug).length;
        if (!count) continue;
        const rect = document.createElementNS(svg.namespaceURI, "rect");
        const title = document.createElementNS(svg.namespaceURI, "title");
        title.textContent = titles.get(slug) + ": " + count;
        rect.append(title);
        for (const [name, value] of [["class", "cat-" + slug], ["x", total * scale], ["width", count * scale], ["height", 1]]) {
          rect.setAttribute(name, value);
        }
        svg.append(rect);
        total += count;
      }
      bar.querySelector("[data-count]").textContent = total;
      const link = bar.querySelector("a");
      link.dataset.href ||= link.getAttribute("href");
      if (total) link.setAttribute("href", link.dataset.href);
      else link.removeAttribute("href");
    }
  };

  const show = (chosen, announce) => {
    const wanted = new Set(chosen);
    let shown = 0;
    for (const card of cards) {
      card.hidden = wanted.size > 0 && !card.dataset.categories.split(" ").some((slug) => wanted.has(slug));
      shown += card.hidden ? 0 : 1;
    }
    for (const year of years) year.hidden = !year.querySelector("[data-categories]:not([hidden])");
    for (const chip of chips) chip.setAttribute("aria-pressed", String(wanted.has(chip.dataset.category)));
    clear.hidden = wanted.size === 0;
    if (empty) empty.hidden = shown > 0;
    if (state) state.textContent = chosen.map((slug) => titles.get(slug)).join(", ");
    if (announce || wanted.size) {
      status.textContent = wanted.size
        ? status.dataset.templateSome.replace("{shown}", shown).replace("{total}", cards.length)
        : status.dataset.templateAll;
    }
    recount();
    document.dispatchEvent(new CustomEvent("filter", { detail: chosen.join(",") }));
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
    (tools && !tools.open ? tools.querySelector(":scope > summary") : chips[0]).focus();
  });
  window.addEventListener("popstate", () => show(fromAddress(), true));
  show(fromAddress(), false);
})();
