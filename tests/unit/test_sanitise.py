"""Bodies keep what Markdown makes and lose whatever could run; each loss is named at its line."""

from __future__ import annotations

from sitegen.markup import Markup
from sitegen.sanitise import Removal, removal_warnings, sanitise
from tests.html_tree import Node, _TreeBuilder

EVERYTHING_MARKDOWN_MAKES = """\
## A heading

Text with "quotes" & a [footnote][^1], a [relative link](../other/ "Other"), a [fragment](#a-heading),
[mail](mailto:desk@example.org), [https](https://example.org/?a=1&b=2), [http](http://example.org/) and
<https://example.org/auto>. A line break follows{hard break}
here. ![A chart](../../assets/chart.png "The chart")

3. three
4. four

| Left | Centre | Right |
|:-----|:------:|------:|
| a    | b      | c     |

```python
print("<b>")
```

> Quoted *emphasis* and **strong**, `code`.

***

H<sub>2</sub>O, <abbr title="Supreme Court">SC</abbr>, <kbd>Ctrl</kbd>, <mark>marked</mark>, <q>quoted</q>,
<time datetime="2021-07-01">1 July</time>, <span lang="kk">сот</span>, <del>old</del> <ins>new</ins>.

<details><summary>More</summary>
<p>Hidden.</p>
</details>

[^1]: The note.
""".replace("{hard break}", "  ")  # two spaces at the line's end


def tree(fragment: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root


def attrs(root: Node, tag: str) -> list[dict[str, str]]:
    return [node.attrs for node in root.find_all(tag)]


def test_what_markdown_and_its_extensions_make_passes_untouched() -> None:
    rendered = Markup().render(EVERYTHING_MARKDOWN_MAKES)
    assert rendered.removed == ()
    root = tree(rendered.html)
    assert attrs(root, "h2")[0] == {"id": "a-heading"}
    links = {node.text: node.attrs for node in root.find_all("a")}
    assert links["#"] == {"class": "headerlink", "href": "#a-heading", "title": "Link to this section"}
    assert links["1"] == {"class": "footnote-ref", "href": "#fn:1"}
    assert links["relative link"] == {"href": "../other/", "title": "Other"}
    assert links["fragment"] == {"href": "#a-heading"}
    assert links["mail"] == {"href": "mailto:desk@example.org"}
    assert links["https"] == {"href": "https://example.org/?a=1&b=2"}
    assert links["http"] == {"href": "http://example.org/"}
    assert links["https://example.org/auto"] == {"href": "https://example.org/auto"}
    assert {"class": "footnote-backref", "href": "#fnref:1", "title": "Back to reference 1"} in links.values()
    assert attrs(root, "sup") == [{"id": "fnref:1"}]
    assert {"id": "fn:1"} in attrs(root, "li")
    assert attrs(root, "div") == [{"class": "footnote"}]
    assert attrs(root, "img") == [{"alt": "A chart", "src": "../../assets/chart.png", "title": "The chart"}]
    assert attrs(root, "ol")[0] == {"start": "3"}
    assert [a.get("class") for a in attrs(root, "th") + attrs(root, "td")] == [
        "align-left",
        "align-center",
        "align-right",
    ] * 2
    assert attrs(root, "code")[0] == {"class": "language-python"}
    assert root.find("code").text == 'print("<b>")'
    for tag in ("br", "hr", "blockquote", "em", "strong", "sub", "kbd", "mark", "q", "del", "ins", "summary"):
        assert root.find_all(tag), tag
    assert attrs(root, "abbr") == [{"title": "Supreme Court"}]
    assert attrs(root, "time") == [{"datetime": "2021-07-01"}]
    assert attrs(root, "span") == [{"lang": "kk"}]


def test_scripts_handlers_and_embeds_are_removed_and_named() -> None:
    body = (
        "<script>alert(1)</script>\n"
        '<p><img src="a.png" onerror="alert(2)"> <b onclick="alert(3)">b</b></p>\n'
        '<svg onload="alert(4)"><circle r="1"/></svg>\n'
        '<iframe src="javascript:alert(5)"></iframe>\n'
        '<object data="x.swf"><param name="a"></object><embed src="x.swf">\n'
        '<p><span style="color: red" class="red">s</span> <a href="/x/" target="_blank" rel="opener">x</a></p>\n'
    )
    html, removed = sanitise(body)
    assert removed == (
        Removal("script"),
        Removal("img", "onerror", "alert(2)"),
        Removal("b", "onclick", "alert(3)"),
        Removal("svg"),
        Removal("iframe"),
        Removal("object"),
        Removal("embed"),
        Removal("span", "style", "color: red"),
        Removal("span", "class", "red"),
        Removal("a", "target", "_blank"),
        Removal("a", "rel", "opener"),
    )
    assert html == ('\n<p><img src="a.png"> <b>b</b></p>\n\n\n\n<p><span>s</span> <a href="/x/">x</a></p>\n')


def test_links_keep_only_safe_schemes() -> None:
    body = (
        '<a href="javascript:alert(1)">1</a><a href="JaVaScRiPt:alert(2)">2</a>'
        '<a href="java&#x09;script:alert(3)">3</a><a href="data:text/html,<b>4</b>">4</a>'
        '<a href="vbscript:msgbox(5)">5</a><a href="#fn:1">6</a><a href="../x/">7</a><a href="/y/">8</a>'
        '<a href="mailto:a@example.org">9</a><a href="//example.org/">10</a>'
    )
    html, removed = sanitise(body)
    assert [r.value for r in removed] == [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(2)",
        "java\tscript:alert(3)",
        "data:text/html,<b>4</b>",
        "vbscript:msgbox(5)",
    ]
    assert [a.get("href") for a in attrs(tree(html), "a")] == [None] * 5 + [
        "#fn:1",
        "../x/",
        "/y/",
        "mailto:a@example.org",
        "//example.org/",
    ]


def test_images_come_only_from_the_site() -> None:
    body = '<img src="https://example.org/a.png"><img src="//example.org/b.png"><img src="data:image/png;base64,AA">'
    body += '<img src="/\\example.org/c.png"><img src="../d.png" alt="d" width="10" height="5" loading="lazy">'
    html, removed = sanitise(body)
    assert [r.describe()[0] for r in removed] == [
        "image 'https://example.org/a.png' was removed",
        "image '//example.org/b.png' was removed",
        "image 'data:image/png;base64,AA' was removed",
        "image '/\\example.org/c.png' was removed",
    ]
    assert attrs(tree(html), "img")[-1] == {
        "src": "../d.png",
        "alt": "d",
        "width": "10",
        "height": "5",
        "loading": "lazy",
    }


def test_each_removal_is_reported_at_its_own_line_not_in_code() -> None:
    body = (
        "\nIntro `<script>` in code.\n\n"  # lines 1-3 of the body
        "```html\n<script>shown, not run</script>\n```\n\n"  # 4-7
        "<script>one()</script>\n\n"  # 8
        "[bad](javascript:two())\n\n"  # 10
        "<script>three()</script>\n"  # 12
    )
    rendered = Markup().render(body)
    warnings = [str(w) for w in removal_warnings("content/entries/x.md", body, 7, rendered.removed)]
    scripts = "(scripts are not allowed in entries or pages: they would run in readers' browsers)"
    assert warnings == [
        f"content/entries/x.md:15: warning: body: <script> was removed {scripts}",
        "content/entries/x.md:17: warning: body: link 'javascript:two()' was removed"
        " (links must start with https://, http://, mailto: or be relative)",
        f"content/entries/x.md:19: warning: body: <script> was removed {scripts}",
    ]
    assert "&lt;script&gt;shown, not run&lt;/script&gt;" in rendered.html


def test_long_values_are_shortened_and_other_attributes_say_what_is_allowed() -> None:
    link = Removal("a", "href", "data:text/html;base64," + "A" * 100)
    assert link.describe()[0] == f"link 'data:text/html;base64,{'A' * 37}…' was removed"
    assert Removal("img", "srcset", "x.png 2x").describe() == (
        "attribute srcset on <img> was removed",
        "allowed on <img>: alt, height, lang, loading, src, title, width",
    )
    assert Removal("marquee").describe() == (
        "<marquee> was removed",
        "only the HTML Markdown makes and a few harmless tags are allowed: CONTRIBUTING.md lists them",
    )
