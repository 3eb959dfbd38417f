/* Search, second step, loaded on the first focus of a search box: Pagefind finds, this draws.
   Each result shows the entry's date as the page prints it (the reader's language and precision),
   its title, its category labels and an excerpt with the matched words marked. */

const WAIT = 180; // milliseconds of quiet typing before searching
const EXCERPT = 26; // words around the matches
const BATCH = { header: 5, page: 10 };

let engine;

/** The further parts of a large language's index, oldest first (parts.json, written with the bundle). */
const partsOf = (bundle) =>
  fetch(`${bundle}parts.json`)
    .then((response) => (response.ok ? response.json() : {}))
    .then((parts) => parts[document.documentElement.lang.toLowerCase()] || []);

/** Pagefind, once per page; it picks the index of the page's <html lang>, then merges its further parts,
    each marked with a `part` filter so that results by date can be asked for one part at a time. */
const pagefind = (bundle) =>
  (engine ||= Promise.all([import(`${bundle}pagefind.js`), partsOf(bundle)]).then(async ([found, parts]) => {
    await found.options({ excerptLength: EXCERPT, ...(parts.length && { mergeFilter: { part: "0" } }) });
    await found.init();
    for (const [number, part] of parts.entries()) {
      await found.mergeIndex(`${bundle}${part}`, { mergeFilter: { part: String(number + 1) } });
    }
    return { found, parts: parts.length + 1 };
  }));

/** Results by date. Merged parts come back ranked against each other, so each part is asked on its own:
    it sorts its pages, and the parts follow one another in time. */
const byDate = async ({ found, parts }, filters) => {
  const sort = { date: "asc" };
  if (parts === 1) return (await found.search(null, { filters, sort })).results;
  const each = Array.from({ length: parts }, (_, part) =>
    found.search(null, { filters: { ...filters, part: String(part) }, sort }),
  );
  return (await Promise.all(each)).flatMap((search) => search.results);
};

/** Kazakh typed on a Russian keyboard (а for ә, и for і, к for қ...): the page gives the lookalike letters
    and the mark under which the index holds each Kazakh page's words folded (sitegen/lookalikes.py). */
const folding = (words) => {
  if (!words.fold) return null;
  const table = new Map(words.fold.split(" ").map((pair) => [...pair]));
  const lookalike = new Set([...table.keys(), ...table.values()]);
  const fold = (word) => [...word.toLowerCase()].map((letter) => table.get(letter) || letter).join("");
  const split = (text) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return {
    /** The query as the folded words are indexed; none for a query without a letter that has a lookalike
        (Pagefind answers an unknown word with the nearest it knows, and every folded word starts alike). */
    query: (text) =>
      [...text.toLowerCase()].some((letter) => lookalike.has(letter))
        ? split(text).map((word) => words.foldMark + fold(word)).join(" ")
        : null,
    /** The page's own words around the first that the folded query finds, the found ones marked. */
    excerpt: (content, text, length) => {
      const terms = split(text).map(fold);
      const all = content.split(/\s+/).filter((word) => word && !word.startsWith(words.foldMark));
      const found = (word) => split(word).some((part) => terms.some((term) => fold(part).startsWith(term)));
      const first = Math.max(all.findIndex(found), 0);
      const start = Math.max(0, Math.min(first - Math.floor(length / 3), all.length - length));
      return all.slice(start, start + length).map((word) => [word, found(word)]);
    },
  };
};

/** Results for a query and, where the language folds, for the query folded, by score. A page found both
    ways keeps its own excerpt; the folded words hold every word as often as the page does, so a query typed
    with the right letters scores the same both ways and keeps its order. */
const find = async (found, query, filters, fold) => {
  const exact = (await found.search(query, { filters })).results;
  const folded = fold && fold.query(query);
  if (!folded) return exact;
  const best = new Map(exact.map((result) => [result.id, result]));
  for (const result of (await found.search(folded, { filters })).results) {
    const known = best.get(result.id);
    if (!known) best.set(result.id, { ...result, folded: true });
    else if (result.score > known.score) best.set(result.id, { ...known, score: result.score });
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
};

/** The results' styles (the search page links them already; the header box asks on first use). */
const stylesheet = (href) =>
  new Promise((resolve) => {
    if (document.querySelector(`link[href="${href}"]`)) return resolve();
    const link = { rel: "stylesheet", href, onload: resolve, onerror: resolve };
    document.head.append(Object.assign(document.createElement("link"), link));
  });

const make = (tag, className, text) => {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text) element.textContent = text;
  return element;
};

/** Pagefind's excerpt is plain text with <mark> around matches: keep the marks, never parse the rest. */
const excerptInto = (element, excerpt) => {
  let inside = false;
  for (const part of excerpt.split(/(<\/?mark>)/)) {
    if (part === "<mark>" || part === "</mark>") inside = part === "<mark>";
    else if (part) element.append(inside ? make("mark", "", part) : part);
  }
  return element;
};

const labelsOf = (meta) => {
  try {
    return JSON.parse(meta.labels || "[]");
  } catch {
    return [];
  }
};

/** An excerpt made here, for a result found by its folded words: [word, marked] pairs. */
const foldedExcerpt = (element, words) => {
  words.forEach(([word, marked], index) => {
    if (index) element.append(" ");
    element.append(marked ? make("mark", "", word) : word);
  });
  return element;
};

const resultItem = (data, heading, withExcerpt, fold, query) => {
  const item = make("li", "search-result");
  if (data.meta.date) item.append(make("p", "search-result-date", data.meta.date));
  const title = make(heading, "search-result-title");
  const link = make("a", "", data.meta.title || data.url);
  link.href = data.url;
  title.append(link);
  item.append(title);
  const labels = labelsOf(data.meta);
  if (labels.length) {
    const list = make("ul", "labels");
    for (const [name, colour] of labels) {
      const label = make("span", "label", name);
      label.style.setProperty("--category", colour);
      const entry = make("li");
      entry.append(label);
      list.append(entry);
    }
    item.append(list);
  }
  const paragraph = withExcerpt ? make("p", "search-result-excerpt") : null;
  const excerpt =
    paragraph && data.folded
      ? foldedExcerpt(paragraph, fold.excerpt(data.content, query, EXCERPT))
      : paragraph && excerptInto(paragraph, data.excerpt);
  const text = excerpt || make("p", "search-result-excerpt", data.meta.summary || "");
  if (data.meta.lang) title.lang = text.lang = data.meta.lang;
  item.append(text);
  return item;
};

export function mount(root) {
  const kind = root.dataset.search;
  const words = root.dataset;
  const form = root.querySelector("form");
  const input = form.querySelector("input[type=search]");
  const status = root.querySelector("[data-search-status]");
  const list = root.querySelector("[data-search-results]");
  const chips = [...root.querySelectorAll("button[data-category]")];
  const heading = kind === "page" ? "h2" : "p";
  const fold = folding(words);
  const loading = Promise.all([pagefind(words.bundle), stylesheet(words.css)]).then(([found]) => found);
  let ready = false;
  let latest = 0;
  let found = [];
  let shown = 0;
  let query = "";

  // Past the first results: a button for the next ones on the page, a link to the page from the header.
  const more =
    kind === "page" ? make("button", "search-more", words.textMore) : make("a", "search-all", words.textAll);
  if (kind === "page") more.type = "button";
  more.hidden = true;
  list.after(more);

  /** Categories from the address (?category=a,b, as the timeline's chips write it). */
  const fromAddress = () => (new URLSearchParams(location.search).get("category") || "").split(",").filter(Boolean);
  const chosen = () =>
    kind === "page"
      ? chips.filter((c) => c.getAttribute("aria-pressed") === "true").map((c) => c.dataset.category)
      : fromAddress();

  const address = (q, categories) => {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    const tail = categories.length ? `category=${categories.map(encodeURIComponent).join(",")}` : "";
    const search = [params.toString(), tail].filter(Boolean).join("&");
    return form.action.split("?")[0] + (search ? `?${search}` : "");
  };

  const close = () => {
    latest += 1;
    found = [];
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    delete root.dataset.open;
  };

  const showMore = async (id) => {
    const batch = found.slice(shown, shown + BATCH[kind]);
    const data = await Promise.all(batch.map((result) => result.data().then((d) => ({ ...d, folded: result.folded }))));
    if (id !== latest) return null;
    const items = data.map((d) => resultItem(d, heading, Boolean(query), fold, query));
    list.append(...items);
    shown += batch.length;
    more.hidden = shown >= found.length;
    return items[0] || null;
  };

  const run = async () => {
    const id = ++latest;
    query = input.value.trim();
    let categories = chosen();
    if (kind === "page") history.replaceState(history.state, "", address(query, categories));
    if (!query && (kind !== "page" || !categories.length)) {
      close();
      return;
    }
    if (!ready) status.textContent = words.textLoading;
    let finder;
    try {
      finder = await loading;
      ready = true;
    } catch {
      if (id === latest) status.textContent = words.textError;
      root.querySelector("[data-search-fallback]")?.removeAttribute("hidden");
      return;
    }
    if (kind !== "page" && categories.length) {
      const known = await finder.found.filters(); // the address may name a category no page has
      categories = categories.filter((slug) => slug in (known.category || {}));
    }
    const filters = categories.length ? { category: { any: categories } } : {};
    const results = query ? await find(finder.found, query, filters, fold) : await byDate(finder, filters);
    if (id !== latest) return;
    found = results;
    shown = 0;
    list.replaceChildren();
    if (kind !== "page") more.href = address(query, categories);
    await showMore(id);
    if (id !== latest) return;
    root.dataset.open = "";
    const filtered = categories.length > 0;
    status.textContent = found.length
      ? (filtered ? words.textCountFiltered : words.textCount).replace("{count}", found.length)
      : (filtered ? words.textNoneFiltered : words.textNone).replace("{query}", query);
  };

  let timer = 0;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(run, WAIT);
  };

  const links = () => [...root.querySelectorAll(".search-result a, .search-all:not([hidden])")];
  const step = (from, by) => {
    const targets = links();
    const at = targets.indexOf(from) + by;
    if (at < 0) input.focus();
    else targets[Math.min(at, targets.length - 1)]?.focus();
  };

  input.addEventListener("input", soon);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (kind === "page") run();
    else if (input.value.trim()) location.href = address(input.value.trim(), chosen());
  });
  root.addEventListener("keydown", (event) => {
    const inResults = event.target !== input && links().includes(event.target);
    if (event.key === "ArrowDown" && event.target === input && !links().length && input.value.trim()) {
      event.preventDefault(); // closed: search now, then go to the first result
      clearTimeout(timer);
      run().then(() => step(null, 1));
    } else if (event.key === "ArrowDown" && (event.target === input || inResults)) {
      event.preventDefault();
      step(inResults ? event.target : null, 1);
    } else if (event.key === "ArrowUp" && inResults) {
      event.preventDefault();
      step(event.target, -1);
    } else if (event.key === "Escape" && kind !== "page" && "open" in root.dataset) {
      event.preventDefault();
      close();
      input.focus();
    }
  });
  if (kind === "page") {
    for (const chip of chips) {
      chip.addEventListener("click", () => {
        chip.setAttribute("aria-pressed", String(chip.getAttribute("aria-pressed") !== "true"));
        run();
      });
    }
    more.addEventListener("click", async () => (await showMore(latest))?.querySelector("a").focus());
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || input.value;
    const wanted = fromAddress();
    for (const chip of chips) chip.setAttribute("aria-pressed", String(wanted.includes(chip.dataset.category)));
    if (input.value || wanted.length) run();
  } else {
    root.addEventListener("focusout", (event) => {
      if (!root.contains(event.relatedTarget)) close();
    });
    if (input.value.trim()) run();
  }
}
