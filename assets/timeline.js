/* The timeline's tools. They fold into one disclosure on phones and stay open beside the list on wide
   screens. Without this script every chip is a link to its category's page or its era's heading; with it
   the chips toggle (several categories at once, one era), the list and the chart follow, and the choice
   lives in the address (?category=a,b&era=2020-06-29), so it can be shared, reloaded and undone with Back. */
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

  /** The links as toggle buttons, keeping their classes, data and content. */
  const toggles = (selector) =>
    Array.from(document.querySelectorAll(selector), (link) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = link.className;
      Object.assign(button.dataset, link.dataset);
      button.setAttribute("aria-pressed", "false");
      button.append(...link.childNodes);
      link.replaceWith(button);
      return button;
    });
  const chips = toggles("[data-filters] a.chip");
  const eras = toggles("[data-eras] a.chip");
  const known = chips.map((chip) => chip.dataset.category);
  const titles = new Map(chips.map((chip) => [chip.dataset.category, chip.textContent]));
  const heads = Array.from(timeline.querySelectorAll(".era-start"));
  // Each card's first day, to compare with an era's (ISO dates compare as text): "2020-06" -> "2020-06-01".
  const days = new Map(cards.map((card) => [card, (card.querySelector("time").dateTime + "-01-01").slice(0, 10)]));

  const clear = document.createElement("button");
  clear.type = "button";
  clear.className = "clear-filters";
  clear.textContent = status.dataset.templateClear;
  clear.hidden = true;
  status.after(clear);

  /** The chosen categories, in the chips' order, and era; what the address names that is not here is ignored. */
  const fromAddress = () => {
    const params = new URLSearchParams(location.search);
    const wanted = (params.get("category") || "").split(",");
    return [known.filter((slug) => wanted.includes(slug)), eras.find((era) => era.dataset.era === params.get("era"))];
  };

  /** A choice as the filter's part of the address: commas stay readable. */
  const toQuery = (chosen, era) =>
    [chosen.length ? "category=" + chosen.join(",") : "", era ? "era=" + era.dataset.era : ""].filter(Boolean).join("&");

  /** The address for a choice, keeping any other query parameters. */
  const toAddress = (chosen, era) => {
    const params = new URLSearchParams(location.search);
    params.delete("category");
    params.delete("era");
    const query = [params.toString(), toQuery(chosen, era)].filter(Boolean).join("&");
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

  const show = ([chosen, era], announce) => {
    const wanted = new Set(chosen);
    const some = wanted.size > 0 || !!era;
    let shown = 0;
    for (const card of cards) {
      const day = days.get(card);
      card.hidden =
        (wanted.size > 0 && !card.dataset.categories.split(" ").some((slug) => wanted.has(slug))) ||
        (!!era && (day < era.dataset.from || day > era.dataset.to));
      shown += card.hidden ? 0 : 1;
    }
    for (const head of heads) head.hidden = !!era && head.id !== "era-" + era.dataset.era;
    for (const year of years) year.hidden = !year.querySelector("[data-categories]:not([hidden])");
    for (const chip of chips) chip.setAttribute("aria-pressed", String(wanted.has(chip.dataset.category)));
    for (const button of eras) button.setAttribute("aria-pressed", String(button === era));
    clear.hidden = !some;
    if (empty) empty.hidden = shown > 0;
    if (state) {
      const names = chosen.map((slug) => titles.get(slug));
      state.textContent = (era ? [...names, era.querySelector(".era-name").textContent] : names).join(", ");
    }
    if (announce || some) {
      status.textContent = some
        ? status.dataset.templateSome.replace("{shown}", shown).replace("{total}", cards.length)
        : status.dataset.templateAll;
    }
    recount();
    document.dispatchEvent(new CustomEvent("filter", { detail: toQuery(chosen, era) }));
  };

  const choose = (chosen, era) => {
    history.pushState(null, "", toAddress(chosen, era));
    show([chosen, era], true);
  };

  for (const chip of chips) {
    chip.addEventListener("click", () => {
      const slug = chip.dataset.category;
      const [current, era] = fromAddress();
      choose(
        known.filter((s) => (s === slug ? !current.includes(s) : current.includes(s))),
        era,
      );
    });
  }
  for (const button of eras) {
    button.addEventListener("click", () => {
      const [current, era] = fromAddress();
      choose(current, era === button ? undefined : button);
    });
  }
  clear.addEventListener("click", () => {
    choose([]);
    (tools && !tools.open ? tools.querySelector(":scope > summary") : chips[0]).focus();
  });
  window.addEventListener("popstate", () => show(fromAddress(), true));
  show(fromAddress(), false);
})();
