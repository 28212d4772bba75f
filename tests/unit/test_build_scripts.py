"""The build's own pieces, without MkDocs: placeholders, math, page checks, notebook HTML,
the cache's keys and entries."""

from __future__ import annotations

import html

import numpy as np
import pytest

from nnbook.book.plots import sampled_epochs
from nnbook.book.style import dark_variant
from scripts.hook import checks, equations, placeholders, references
from scripts.steps import notebook_page
from scripts.steps.figures import svg_size
from tests.conftest import ROOT

VALUES = {"epochs": 50000, "alpha": 0.9, "weights": [[11.2027256], [-0.2052], [-5.3966]],
          "inputs": [[0, 0, 1], [1, 1, 1]], "table": "| a |\n|---|\n| 1 |"}


@pytest.mark.parametrize(("text", "filled"), [
    ("{{ epochs }}", "50000"),
    ("{{ epochs:, }} epochs", "50,000 epochs"),
    ("alpha = {{alpha}}", "alpha = 0.9"),
    ("{{ weights[0][0]:.2f }}", "11.20"),
    ("{{ weights[2][0]:.1f }}", "-5.4"),
    ("{{ inputs }}", "[[0 0 1]\n [1 1 1]]"),
    ("{{ weights:.1f }}", "[[11.2],\n [-0.2],\n [-5.4]]"),
    ("{{ table }}", "| a |\n|---|\n| 1 |"),
    ('{{ "{{" }} name {{ "}}" }}', "{{ name }}"),
    ("f'{x}' and {a: 1}", "f'{x}' and {a: 1}"),
])
def test_placeholders_fill_from_the_mapping(text, filled):
    assert placeholders.fill(text, VALUES, "page.md") == filled


@pytest.mark.parametrize(("text", "message"), [
    ("{{ epoch }}", "page.md: unknown value 'epoch' in {{ epoch }}; known values: alpha, epochs, "
                    "inputs, table, weights"),
    ("{{ weights[7][0] }}", "page.md: cannot fill {{ weights[7][0] }}"),
    ("{{ epochs:.2q }}", "page.md: cannot fill {{ epochs:.2q }}"),
    ("{{ table:.2f }}", "table 'table' takes no index or format"),
])
def test_placeholder_errors_name_the_page_and_the_value(text, message):
    with pytest.raises(placeholders.PlaceholderError) as caught:
        placeholders.fill(text, VALUES, "page.md")
    assert message in str(caught.value)


@pytest.mark.parametrize(("text", "brace", "context"), [
    ("Value {{ alpha }.", "{{", "Value {{ alpha }."),
    ("Value { alpha }}.", "}}", "Value { alpha }}."),
    ("a line\nValue {{ 3x }} here", "{{", "Value {{ 3x }} here"),
    ("{{ alpha }} and {{ alpha", "{{", "{{ alpha }} and {{ alpha"),
    ("$\\frac{1}{1 + e^{-z}}$ then {{ alpha }.", "{{", "$\\frac{1}{1 + e^{-z}}$ then {{ alpha }."),
])
def test_braces_left_unfilled_are_refused_naming_page_and_text(text, brace, context):
    with pytest.raises(placeholders.PlaceholderError) as caught:
        placeholders.fill(text, VALUES, "page.md")
    message = str(caught.value)
    assert message.startswith(f"page.md: a '{brace}' that is not part of a placeholder")
    assert repr(context) in message
    assert f'{{{{ "{brace}" }}}}' in message, "the message says how to write it literally"


@pytest.mark.parametrize(("body", "tex", "display"), [
    (r"\(x^2\)", "x^2", False),
    (r"\[ \hat y \]", r"\hat y", True),
    (r"$$a &lt; b$$", "a < b", True),
    (r"\begin{align}a\end{align}", r"\begin{align}a\end{align}", True),
])
def test_arithmatex_bodies_split_into_tex_and_mode(body, tex, display):
    assert equations.split_delimiters(body) == (tex, display)


@pytest.mark.parametrize(("html", "raw"), [
    ("<p>the sum \\(x\\) here</p>", True),
    ("<p>$$x$$</p>", True),
    ("<p>cost $x + y$ here</p>", True),
    ("<p>\\begin{equation}x\\end{equation}</p>", True),
    ("<pre><code>r\"$\\frac{1}{2}$\"</code></pre>", False),
    ('<span class="katex"><annotation encoding="application/x-tex">\\(x\\)</annotation></span>',
     False),
    ("<p>a plain sentence</p>", False),
])
def test_leftover_tex_is_found_outside_code(html, raw):
    assert bool(checks.leftover_tex(html)) is raw


@pytest.mark.parametrize(("html", "url"), [
    ('<script src="https://cdn.example/x.js"></script>', "https://cdn.example/x.js"),
    ('<link rel="stylesheet" href="//fonts.example/a.css">', "//fonts.example/a.css"),
    ('<link rel="preconnect" href="https://fonts.gstatic.com">', "https://fonts.gstatic.com"),
    ('<img srcset="a.png 1x, https://x.example/b.png 2x">', "https://x.example/b.png"),
    ('<iframe src="https://playground.tensorflow.org"></iframe>',
     "https://playground.tensorflow.org"),
    ('<div style="background: url(https://x.example/bg.png)"></div>', "https://x.example/bg.png"),
    ("<style>@import 'https://x.example/a.css';</style>", "https://x.example/a.css"),
    ('<script>import("https://cdn.example/m.mjs")</script>', "https://cdn.example/m.mjs"),
    ('<svg><image href="https://x.example/t.png"/></svg>', "https://x.example/t.png"),
    ('<svg><use xlink:href="//x.example/s.svg#a"/></svg>', "//x.example/s.svg#a"),
    ('<link rel="prerender" href="https://x.example/next">', "https://x.example/next"),
    ('<link rel="alternate stylesheet" href="https://x.example/a.css">',
     "https://x.example/a.css"),
    ('<script>new Image().src="https://x.example/t.png"</script>', "https://x.example/t.png"),
    ('<p style="background-image: url(&quot;https://x.example/b.png&quot;)">x</p>',
     "https://x.example/b.png"),
    ('<a href="#x" ping="https://x.example/track">x</a>', "https://x.example/track"),
    ('<base href="https://x.example/">', "https://x.example/"),
    ('<iframe srcdoc="&lt;img src=&quot;https://x.example/y&quot;&gt;"></iframe>',
     "https://x.example/y"),
    ('<object data="https://x.example/o.swf"></object>', "https://x.example/o.swf"),
])
def test_off_site_requests_are_found(html, url):
    assert checks.off_site_requests(html) == [url]


def test_off_site_urls_in_stylesheets_are_found():
    css = ('@import "https://x.example/a.css"; .a{background:url(//cdn.example/b.png)} '
           '.b{background:url(../img/c.png)} @font-face{src:url(fonts/K.woff2)}')
    assert checks.off_site_in_css(css) == ["https://x.example/a.css", "//cdn.example/b.png"]


def test_links_and_local_assets_are_not_requests():
    html = ('<a href="https://doi.org/10.1/x">paper</a>'
            '<link rel="canonical" href="https://e.org/">'
            '<link rel="alternate" type="application/rss+xml" href="https://e.org/feed">'
            '<img src="../figures/a.svg"><script src="assets/x.js"></script>'
            '<script>// a comment, and a path: "a//b"\nvar x = 1;</script>')
    assert checks.off_site_requests(html) == []


def test_figures_get_a_dark_twin_and_their_size():
    figures = {"sigmoid": {"width": 600, "height": 300}}
    html, shown = checks.theme_figures(
        '<p><img alt="The sigmoid." src="../figures/sigmoid.svg" /></p>', "figures", figures,
        "p.md")
    assert shown == {"sigmoid"}
    assert 'src="../figures/sigmoid.svg#only-light"' in html
    assert 'src="../figures/sigmoid.dark.svg#only-dark"' in html
    assert html.count('alt="The sigmoid."') == 2
    assert html.count('width="600" height="300" loading="lazy"') == 2


@pytest.mark.parametrize(("img", "message"), [
    ('<img src="figures/sigmoid.svg" alt="">', "p.md: figure sigmoid.svg has no alt text"),
    ('<img src="figures/nope.svg" alt="x">', "p.md: shows nope.svg, which no figure script makes"),
])
def test_figure_problems_name_the_page(img, message):
    with pytest.raises(ValueError, match=message):
        checks.theme_figures(img, "figures", {"sigmoid": {"width": 1, "height": 1}}, "p.md")


def test_notebook_html_is_cleaned_and_its_math_marked():
    raw = """<script src=""></script><style>.jp-Cell{}</style><!-- mathjax -->
    <div class="jp-RenderedMarkdown"><p>Inline $a_1$ and $$\\hat y$$ but <code>$x$</code></p></div>
    <div class="jp-InputArea"><div class="zeroclipboard-container">copy</div>
    <div class="highlight-ipynb hl-python"><pre><span>print</span>(1)</pre></div></div>"""
    html = notebook_page.clean(raw, "nb.ipynb")
    assert "<script" not in html
    assert "<style" not in html
    assert "mathjax" not in html
    assert "zeroclipboard" not in html
    assert '<span class="arithmatex">\\(a_1\\)</span>' in html
    assert '<div class="arithmatex">\\[\\hat y\\]</div>' in html
    assert "<code>$x$</code>" in html
    code = '<div class="language-python highlight"><pre><code><span>print</span>(1)</code></pre>'
    assert code in html
    assert 'href="nb.ipynb"' in html


def test_dark_variant_swaps_every_theme_colour():
    from nnbook.book import style
    svg = (f'<path style="stroke: {style.LIGHT.lines[0].lower()}"/>'
           f'<g style="fill: {style.LIGHT.text}">')
    dark = dark_variant(svg)
    assert style.DARK.lines[0].lower() in dark
    assert style.DARK.text.lower() in dark
    assert style.LIGHT.lines[0].lower() not in dark


def test_svg_size_in_css_pixels():
    assert svg_size('<svg viewBox="0 0 360 180">') == (480, 240)


def test_sampled_epochs_keep_the_ends():
    epochs = sampled_epochs(50_000)
    assert epochs[0] == 0
    assert epochs[-1] == 49_999
    assert len(epochs) < 1000
    assert np.all(np.diff(epochs) > 0)


@pytest.mark.parametrize("text", [
    "$\\frac{1}{1 + e^{-z}}$ and $$\\hat{y}_{k}$$",
    "```pycon\n>>> {'a': {'b': 1}}\n```",
    "    ```pycon\n    >>> {1: {2}}\n    ```",
])
def test_braces_of_tex_and_transcripts_are_theirs(text):
    assert placeholders.fill(text, VALUES, "page.md") == text


def test_the_reference_record_is_well_formed():
    record = references.load(ROOT / "docs" / "chapter" / "references.toml")
    assert len(record["paper"]) == 13
    assert {p["group"] for p in record["paper"]} == {
        "Biology & Bioinformatics", "Chemistry & Materials Science", "Physics"}
    dois = [p["doi"] for p in record["paper"] if "doi" in p]
    assert len(set(dois)) == len(dois) == 12
    assert all(references.DOI.match(d) for d in dois)


def test_bench_spread_is_the_middle_half_of_paired_ratios():
    from scripts.dev.bench import spread

    # Back-to-back pairs: 1.0, 1.1, 1.2, 1.3, 1.4 times plain, whatever each plain load took.
    plain = [0.20, 0.30, 0.25, 0.10, 0.50]
    loads = {"ours": [p * r for p, r in zip(plain, (1.2, 1.0, 1.4, 1.1, 1.3), strict=True)],
             "plain": plain}
    assert spread(loads) == "1.05-1.35x"
    assert spread({"ours": loads["ours"]}) == ""


def fake_katex(tex: str, display: bool) -> str:
    block = ' display="block"' if display else ""
    return (f'<span class="katex"><span class="katex-mathml"><math '
            f'xmlns="http://www.w3.org/1998/Math/MathML"{block}><semantics><mrow><mi>'
            f'{html.escape(tex)}</mi></mrow><annotation encoding="application/x-tex">'
            f'{html.escape(tex)}</annotation></semantics></math></span>'
            f'<span class="katex-html" aria-hidden="true">boxes</span></span>')


def test_search_index_equations_become_mathml_and_code_stays():
    page = ('<p><span class="arithmatex">\\(a &lt; b\\)</span></p>'
            '<div class="arithmatex">\\[\nz = b\n  + w\n\\]</div>'
            '<div class="arithmatex">\\begin{aligned}x&amp;=1\\end{aligned}</div>')
    found = [equations.split_delimiters(m["body"]) for m in equations.ARITHMATEX.finditer(page)]
    by_tex = {(" ".join(tex.split()), display): fake_katex(tex, display)
              for tex, display in found}
    # As the search plugin indexes it: escaped, line breaks made spaces, code kept as code.
    indexed = ("<p>\\(a &lt; b\\) and <code>\\(kept\\)</code></p> \\[ z = b   + w \\] "
               "<p>\\begin{aligned}x&amp;=1\\end{aligned}</p>")
    assert equations.search_text(indexed, by_tex) == (
        "<p><math><mrow><mi>a &lt; b</mi></mrow></math> and <code>\\(kept\\)</code></p> "
        '<math display="block"><mrow><mi>z = b\n  + w</mi></mrow></math> '
        '<p><math display="block"><mrow><mi>\\begin{aligned}x&amp;=1\\end{aligned}</mi>'
        "</mrow></math></p>")


def test_search_index_equation_never_rendered_fails_by_name():
    shown = r"was never rendered: '\\\\\(q\\\\\)'"
    with pytest.raises(equations.MathError, match=shown):
        equations.search_text("<p>\\(q\\)</p>", {("p", False): fake_katex("p", False)})


def test_the_content_security_policy_lets_each_inline_script_run_by_its_hash():
    import base64
    import hashlib
    page = ('<head><script>var a = 1;</script><script src="x.js"></script>'
            '<script id="c" type="application/json">{"b": 2}</script></head>'
            '<body><script>var a = 1;</script><script type="module">go()</script></body>')
    policy = checks.content_security_policy(page)
    sha = [base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
           for body in ("var a = 1;", "go()")]
    assert f"script-src 'self' 'sha256-{min(sha)}' 'sha256-{max(sha)}';" in policy
    assert "default-src 'self';" in policy
    assert "unsafe-eval" not in policy


def test_braces_left_in_a_notebooks_text_are_found_outside_code():
    page = ('<p>Text {{ nope }} here</p><pre>f"{{x}}"</pre><code>{{ fine }}</code>'
            '<span>a }} b</span>')
    found = checks.leftover_braces(page)
    assert "Text {{ nope }} here" in found[0]
    assert "a }} b" in found[-1]
    assert "{{x}}" not in "".join(found)
    assert "fine" not in "".join(found)
