"""Deterministic synthetic timeline sites for the benchmark: same seed and size, same bytes.

A site is `site.toml` (three languages, eight categories titled in each), an
About page in each language, and `size` entries under `content/entries/<year>/`
in the front-matter format README.md documents: day, month and year dates, some
periods, 1-3 sources, 2-5 Markdown paragraphs with links and emphasis, some
lists, an occasional table or footnote; about 80% of entries have a Russian and
a Kazakh translation.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SEED = 20240611
LANGUAGES = ("en", "ru", "kk")
TRANSLATED_SHARE = 0.8
FIRST_YEAR, LAST_YEAR = 1995, 2025
YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # scalars as text, like the generator
DATE_PREFIX = re.compile(r"^\d{4}(?:-\d{2}){0,2}-")

CATEGORIES = (
    ("administrative-justice", "#0070b8", "Administrative justice", "Административная юстиция", "Әкімшілік әділет"),
    ("constitutional-reform", "#b40732", "Constitutional reform", "Конституционная реформа", "Конституциялық реформа"),
    ("courts-and-judges", "#137031", "Courts and judges", "Суды и судьи", "Соттар және судьялар"),
    ("e-justice", "#1d7579", "E-justice", "Электронное правосудие", "Электронды сот төрелігі"),
    ("human-rights", "#b8208a", "Human-rights institutions", "Институты прав человека", "Адам құқықтары институттары"),
    ("procedural-codes", "#876a0c", "Procedural codes", "Процессуальные кодексы", "Процестік кодекстер"),
    ("statistics", "#736060", "Rankings and statistics", "Рейтинги и статистика", "Рейтингтер мен статистика"),
    ("state-bodies", "#bd4500", "State bodies", "Государственные органы", "Мемлекеттік органдар"),
)

WORDS = {
    lang: tuple(text.split())
    for lang, text in {
        "en": (
            "the court code reform judge law council procedure appeal cassation review rights commissioner registry "
            "filing digital hearing jury prosecutor constitution amendment referendum statute ministry decree resolution "
            "caseload region bench tribunal audit report guidance parliament senate president supreme administrative "
            "civil criminal procedural justice citizens claim plaintiff defendant evidence record video remote office "
            "budget training selection career vacancy ethics commission annual message ruling decision article chapter "
            "number first new second third public national local district city military juvenile economic specialised "
            "and of in to for with by on from under after before within against between"
        ),
        "ru": (
            "суд кодекс реформа судья закон совет порядок апелляция кассация право уполномоченный реестр подача "
            "электронный заседание присяжные прокурор конституция поправка референдум министерство указ постановление "
            "нагрузка область коллегия аудит доклад разъяснение парламент сенат президент верховный административный "
            "гражданский уголовный процессуальный правосудие граждане иск истец ответчик доказательство запись "
            "бюджет отбор вакансия этика комиссия ежегодное послание решение статья глава новый первый второй "
            "публичный национальный местный районный городской военный ювенальный экономический и в на для с по от при после"
        ),
        "kk": (
            "сот кодекс реформа судья заң кеңес тәртіп апелляция кассация құқық уәкіл тізілім беру электронды отырыс "
            "алқабилер прокурор конституция түзету референдум министрлік жарлық қаулы жүктеме облыс алқа аудит баяндама "
            "түсіндірме парламент сенат президент жоғарғы әкімшілік азаматтық қылмыстық процестік әділет азаматтар талап "
            "талапкер жауапкер дәлел жазба бюджет іріктеу бос орын әдеп комиссия жыл сайынғы жолдау шешім бап тарау жаңа "
            "бірінші екінші жария ұлттық жергілікті аудандық қалалық әскери ювеналдық экономикалық және мен үшін бойынша кейін"
        ),
    }.items()
}

PUBLISHERS = (
    "Adilet legal database",
    "Supreme Court of the Republic of Kazakhstan",
    "The Astana Times",
    "Kazinform",
    "Official gazette",
    "Ministry of Justice",
    "Constitutional Court",
    "OSCE ODIHR",
    "Venice Commission",
    "World Bank",
)
PAGE_TITLES = {"en": "About this timeline", "ru": "Об этой хронологии", "kk": "Осы хронология туралы"}


@dataclass(frozen=True, slots=True)
class Shape:
    """The Markdown features of one entry's body, shared by its translations."""

    paragraphs: int
    list_marker: str | None
    heading: bool
    table: bool
    footnote: bool


@dataclass(frozen=True, slots=True)
class Site:
    root: Path
    entries: int
    files: int  # Markdown files, every language


def generate(root: Path, entries: int, seed: int = SEED) -> Site:
    """Write a fresh site of `entries` entries into `root` (replacing it)."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(f"{seed}:{entries}")
    (root / "content" / "pages").mkdir(parents=True)
    (root / "site.toml").write_text(site_toml(), encoding="utf-8")
    files = 0
    for lang in LANGUAGES:
        name = "about.md" if lang == "en" else f"about.{lang}.md"
        body = "\n\n".join(paragraph(rng, lang) for _ in range(3))
        (root / "content" / "pages" / name).write_text(f'---\ntitle: "{PAGE_TITLES[lang]}"\n---\n{body}\n', "utf-8")
        files += 1
    for number in range(entries):
        for rel, text in entry_files(rng, number):
            path = root / "content" / "entries" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            files += 1
    return Site(root, entries, files)


def site_toml() -> str:
    lines = [
        "[site]",
        'title = "Synthetic reform timeline"',
        'description = "A generated timeline for measuring build speed."',
        'base_url = "https://example.org/timeline/"',
        "languages = " + "[" + ", ".join(f'"{lang}"' for lang in LANGUAGES) + "]",
        "",
        "[site.ru]",
        'title = "Синтетическая хронология реформ"',
        'description = "Сгенерированная хронология для измерения скорости сборки."',
        "",
        "[site.kk]",
        'title = "Реформалардың синтетикалық хронологиясы"',
        'description = "Құрастыру жылдамдығын өлшеуге арналған хронология."',
    ]
    for slug, color, en, ru, kk in CATEGORIES:
        lines += [
            "",
            f"[categories.{slug}]",
            f'title = "{en}"',
            f'description = "Events about {en.lower()}."',
            f'color = "{color}"',
            "",
            f"[categories.{slug}.ru]",
            f'title = "{ru}"',
            f'description = "События: {ru.lower()}."',
            "",
            f"[categories.{slug}.kk]",
            f'title = "{kk}"',
            f'description = "Оқиғалар: {kk.lower()}."',
        ]
    return "\n".join(lines) + "\n"


def entry_files(rng: random.Random, number: int) -> list[tuple[str, str]]:
    """One entry's original and translations as (path under content/entries, text)."""
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    date = random_date(rng, year)
    end_date = None
    if rng.random() < 0.15:
        end_date = random_date(rng, rng.randint(year + 1, year + 3))
    slug = "-".join(rng.choice(WORDS["en"][:60]) for _ in range(3)) + f"-{number:05d}"
    stem = f"{year}/{date}-{slug}"
    categories = rng.sample([c[0] for c in CATEGORIES], rng.choice((1, 1, 2, 2, 3)))
    sources = [source(rng, year, number, i) for i in range(rng.randint(1, 3))]
    has_summary = rng.random() < 0.3
    shape = body_shape(rng)
    front = [f'title: "{title(rng, "en")}"', f"date: {date}"]
    if end_date:
        front.append(f"end_date: {end_date}")
    front.append(f"categories: [{', '.join(categories)}]")
    if has_summary:
        front.append(f'summary: "{sentence(rng, "en")}"')
    front.append("sources:")
    for item in sources:
        front.append(f'  - title: "{item["title"]}"')
        for key in ("publisher", "date", "url"):
            if item.get(key):
                front.append(f"    {key}: {item[key]}")
    if rng.random() < 0.02:
        front += [
            "corrections:",
            f"  - date: {LAST_YEAR}-01-{rng.randint(10, 28)}",
            '    note: "A figure was corrected."',
        ]
    files = [(f"{stem}.md", document(front, body(rng, "en", shape)))]
    for lang in LANGUAGES[1:]:
        if rng.random() >= TRANSLATED_SHARE:
            continue
        front = [f'title: "{title(rng, lang)}"']
        if has_summary:
            front.append(f'summary: "{sentence(rng, lang)}"')
        if rng.random() < 0.3:
            front.append("sources:")
            front += [f'  - title: "{title(rng, lang)}"' for _ in sources]
        files.append((f"{stem}.{lang}.md", document(front, body(rng, lang, shape))))
    return files


def random_date(rng: random.Random, year: int) -> str:
    precision = rng.choices(("day", "month", "year"), (6, 3, 1))[0]
    if precision == "year":
        return f"{year}"
    month = f"{year}-{rng.randint(1, 12):02d}"
    return month if precision == "month" else f"{month}-{rng.randint(1, 28):02d}"


def source(rng: random.Random, year: int, number: int, index: int) -> dict[str, str]:
    item = {"title": title(rng, "en"), "publisher": rng.choice(PUBLISHERS)}
    if rng.random() < 0.8:
        item["date"] = random_date(rng, min(year + rng.randint(0, 1), LAST_YEAR))
    if rng.random() < 0.9:
        item["url"] = f"https://example.org/docs/{year}/{number}-{index}"
    return item


def document(front: list[str], text: str) -> str:
    return "---\n" + "\n".join(front) + "\n---\n" + text + "\n"


def title(rng: random.Random, lang: str) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(4, 10))]
    return " ".join(words).capitalize()


def sentence(rng: random.Random, lang: str, emphasis: bool = False) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(6, 18))]
    words[0] = words[0].capitalize()
    if emphasis:
        at = rng.randrange(1, len(words))
        words[at] = f"*{words[at]}*" if rng.random() < 0.5 else f"**{words[at]}**"
    if rng.random() < 0.2:
        words.insert(rng.randrange(1, len(words)), f"{rng.randint(2, 2500)}")
    return " ".join(words) + "."


def paragraph(rng: random.Random, lang: str) -> str:
    sentences = [sentence(rng, lang, emphasis=rng.random() < 0.3) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.4:
        at = rng.randrange(len(sentences))
        text = " ".join(rng.choice(WORDS[lang]) for _ in range(rng.randint(2, 4)))
        sentences[at] = sentences[at][:-1] + f" ([{text}](https://example.org/ref/{rng.randint(1, 99999)}))."
    return " ".join(sentences)


def body_shape(rng: random.Random) -> Shape:
    return Shape(
        paragraphs=rng.randint(2, 5),
        list_marker=rng.choice(("-", "1.")) if rng.random() < 0.25 else None,
        heading=rng.random() < 0.1,
        table=rng.random() < 0.05,
        footnote=rng.random() < 0.08,
    )


def body(rng: random.Random, lang: str, shape: Shape) -> str:
    blocks = [paragraph(rng, lang) for _ in range(shape.paragraphs)]
    if shape.footnote:
        blocks[0] = blocks[0][:-1] + "[^1]."
    if shape.heading:
        blocks.insert(1, "## " + title(rng, lang))
    if shape.list_marker:
        items = [f"{shape.list_marker} {sentence(rng, lang)}" for _ in range(rng.randint(3, 5))]
        blocks.insert(len(blocks) // 2 + 1, "\n".join(items))
    if shape.table:
        rows = [f"| {FIRST_YEAR + i * 5} | {rng.randint(100, 90000)} | {rng.randint(1, 99)}% |" for i in range(4)]
        header = f"| {rng.choice(WORDS[lang])} | {rng.choice(WORDS[lang])} | % |\n|---|---:|---:|"
        blocks.append(header + "\n" + "\n".join(rows))
    if shape.footnote:
        blocks.append(f"[^1]: {sentence(rng, lang)}")
    return "\n\n".join(blocks)


def entry_paths(root: Path) -> list[Path]:
    """The default-language entry files, sorted: the benchmark edits one of them."""
    return sorted(p for p in (root / "content" / "entries").rglob("*.md") if p.name.count(".") == 1)


@dataclass(frozen=True, slots=True)
class SourceText:
    """One generated Markdown file, read back for the converters to other generators' formats."""

    rel: str  # path under content/, without the language suffix and .md
    lang: str
    front: dict[str, Any]  # scalars as text, as the generator reads them
    body: str

    @property
    def slug(self) -> str:
        return self.front.get("slug") or DATE_PREFIX.sub("", self.rel.rsplit("/", 1)[-1])


def read_site(root: Path) -> list[SourceText]:
    """Every content file of a generated site, sorted by path, originals before their translations."""
    files = []
    for path in sorted((root / "content").rglob("*.md")):
        stem, _, rest = path.relative_to(root / "content").as_posix().partition(".")
        lang = rest[: -len(".md")] if rest != "md" else LANGUAGES[0]
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        files.append(SourceText(stem, lang, yaml.load(front, Loader=YAML_LOADER) or {}, body))
    return sorted(files, key=lambda f: (f.rel, LANGUAGES.index(f.lang)))


def full_date(partial: str) -> str:
    """`2014` -> `2014-01-01`, `2014-07` -> `2014-07-01`: other generators want a day."""
    return (partial + "-01-01")[:10] if len(partial) == 4 else (partial + "-01")[:10]


def edit_entry(path: Path) -> str:
    """Append a paragraph no earlier run wrote (so no cache can hold it); return the text before."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before + f"\nEdited for the benchmark at {time.time_ns()}.\n", encoding="utf-8")
    return before
