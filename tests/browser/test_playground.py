"""The playground page in real Chromium: its numbers are nnbook's, its controls work from the
keyboard and by touch, its address holds the run, bad addresses get a message, it stays
responsive through a long run, and it reads well in both palettes."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from axe_playwright_python.sync_playwright import Axe

import nnbook
from nnbook.book import style
from tests.browser.test_playground_port import Setting
from tests.browser.test_reader import PHONE

pytestmark = pytest.mark.browser

PAGE = "chapter/playground/"
#: How the page shows where the run is (#pg-stats): the neuron's prediction for the new
#: input, or the network's outputs for the examples.
STATS = re.compile(r"Epoch (?P<epoch>[\d,]+) of (?P<epochs>[\d,]+) · cost (?P<cost>\S+) · "
                   r"(?:prediction for \[(?P<input>[\d, ]+)\]: (?P<prediction>\S+)"
                   r"|outputs (?P<outputs>[\d.]+(?:, [\d.]+)*))")
#: How the diagram's title says the network's weights and biases.
NETWORK = re.compile(r"The network: .* W1 = (?P<W1>.*), b1 = (?P<b1>.*), W2 = (?P<W2>.*), "
                     r"b2 = (?P<b2>\S+)\.")
#: Resolves once the page has drawn a frame: the frame a finished run asked for included.
#: (Each wait is a function, not an expression: Playwright evaluates an expression with
#: eval, which the pages' Content-Security-Policy forbids.)
NEXT_FRAME = "new Promise(resolve => requestAnimationFrame(() => resolve()))"
#: The diagram's labels that a line or a unit is drawn over (comes after in the SVG).
UNDER = """() => {
    const svg = document.getElementById('pg-diagram');
    const shapes = [...svg.querySelectorAll('line, circle')];
    return [...svg.querySelectorAll('text.pg-label')].filter(label => shapes.some(shape =>
        label.compareDocumentPosition(shape) & Node.DOCUMENT_POSITION_FOLLOWING))
        .map(label => label.textContent);
}"""


def trained(page) -> int:
    """How many runs the page has trained at once."""
    return page.evaluate("performance.getEntriesByName('playground: train').length")


def until_trained(page, before: int) -> None:
    """Wait for a run trained at once after ``before`` of them, and for its frame."""
    page.wait_for_function("n => performance.getEntriesByName('playground: train').length > n",
                           arg=before)
    page.evaluate(NEXT_FRAME)


def open_playground(page, served: str, query: str = "") -> list[str]:
    """Open the page at ``query`` and wait for its run; the errors it logs, as it goes."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served + PAGE + query, wait_until="load")
    until_trained(page, 0)
    return errors


def numbers(text: str) -> list[float]:
    """The numbers in ``text``, its minus signs true ones or hyphens."""
    text = text.replace("\N{MINUS SIGN}", "-")
    return [float(n) for n in re.findall(r"-?[\d.]+(?:e-?\d+)?", text)]


def shown(page) -> dict[str, object]:
    """The epoch, cost, prediction (or outputs) and weights (the neuron's, from their labels;
    the network's, from the diagram's title: W1, b1, W2, b2 as one list) the page shows."""
    found = STATS.fullmatch(page.locator("#pg-stats").inner_text())
    assert found, page.locator("#pg-stats").inner_text()
    title = page.locator("#pg-diagram title").text_content()
    if network := NETWORK.fullmatch(title):
        weights = [n for name in ("W1", "b1", "W2", "b2") for n in numbers(network[name])]
    else:
        labels = page.locator("#pg-diagram text.pg-label").all_text_contents()
        weights = [numbers(label.split(" = ")[1])[0] for label in labels]
    return {"epoch": int(found["epoch"].replace(",", "")),
            "epochs": int(found["epochs"].replace(",", "")),
            "cost": float(found["cost"]), "input": found["input"],
            "prediction": found["prediction"] and float(found["prediction"]),
            "outputs": found["outputs"] and numbers(found["outputs"]),
            "weights": weights}


def settings_in(page) -> dict[str, str]:
    """The settings the controls show."""
    return page.evaluate("""() => Object.fromEntries(
        new FormData(document.getElementById('pg-form')).entries())""")


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def assert_shows(page, setting: Setting) -> None:
    """The page shows ``setting``'s run trained to the end, each number nnbook's as rounded
    for showing: weights and biases to 3 decimals, the cost to 4 digits, the prediction to 8
    decimals, the network's outputs to 4."""
    expected = setting.expected()
    seen = shown(page)
    assert seen["epoch"] == seen["epochs"] == setting.epochs
    np.testing.assert_allclose(seen["weights"], np.ravel(expected["learned"]), rtol=0,
                               atol=0.5e-3 + 1e-12)
    np.testing.assert_allclose(seen["cost"], expected["cost"], rtol=0.5e-3 + 1e-12)
    if setting.model == "network":
        assert seen["prediction"] is None
        np.testing.assert_allclose(seen["outputs"], np.ravel(expected["outputs"]), rtol=0,
                                   atol=0.5e-4 + 1e-12)
    else:
        assert seen["outputs"] is None
        np.testing.assert_allclose(seen["prediction"], expected["prediction"], rtol=0,
                                   atol=0.5e-8 + 1e-12)


def query_for(setting: Setting) -> dict[str, str]:
    """The query that asks for ``setting``, each setting of its model named, as the page
    writes it."""
    query = {"seed": str(setting.seed), "alpha": f"{setting.alpha:g}",
             "epochs": str(setting.epochs), "derivative": setting.derivative,
             "data": setting.data, "model": setting.model, "hidden": str(setting.hidden)}
    del query["hidden" if setting.model == "neuron" else "derivative"]
    return query


# --- Same numbers as nnbook --------------------------------------------------------------

@pytest.mark.parametrize("setting", [
    Setting("chapter", 1, 50_000, 0.9),
    Setting("chapter", 1, 50_000, 0.9, "output"),
    Setting("xor", 42, 20_000, 0.5),
    Setting("no-constant", 7, 3_000, 2.5, "output"),
    Setting("xor", 1, 10_000, 1.0, model="network", hidden=2),
    Setting("xor", 9, 4_000, 2.5, model="network", hidden=4),
    Setting("chapter", 5, 3_000, 0.5, model="network", hidden=1),
], ids=lambda s: "-".join(map(str, vars(s).values())))
def test_a_linked_run_shows_nnbooks_numbers(page, served, setting):
    asked = query_for(setting)
    query = "?" + "&".join(f"{name}={value}" for name, value in asked.items())
    errors = open_playground(page, served, query)
    assert_shows(page, setting)
    assert page.evaluate(UNDER) == [], "each weight and bias is drawn over the lines and units"
    assert settings_in(page) == asked, "the controls show the run, those in use alone enabled"
    assert page.url.endswith(query), "a valid address is left as it is"
    assert page.locator("#pg-message").is_hidden()
    assert not errors, errors


def test_the_page_opens_on_the_chapters_run_and_says_its_prediction(page, served, chapter):
    open_playground(page, served)
    p = chapter.parameters
    assert_shows(page, Setting("chapter", p.seed, p.epochs, p.alpha))
    prose = page.locator("article > p").first.inner_text()
    assert f"{chapter.prediction:.8f}" in prose
    assert f"{shown(page)['prediction']:.8f}" in prose
    assert urlparse(page.url).query == "", "the page's own address asks for nothing"


@pytest.mark.parametrize(("link", "asked"), [
    ("The original notebook's slip", {"derivative": "output"}),
    ("XOR", {"data": "xor"}),
    ("Without the constant input", {"data": "no-constant"}),
    ("A hidden layer on XOR", {"model": "network", "data": "xor", "hidden": "2"}),
    ("A network that gets stuck", {"model": "network", "data": "xor", "hidden": "2"}),
])
def test_each_thing_to_try_opens_its_run(page, served, link, asked):
    open_playground(page, served)
    page.get_by_role("link", name=link, exact=True).click()
    page.wait_for_url(f"**{PAGE}?*")
    until_trained(page, 0)
    assert {name: settings_in(page)[name] for name in asked} == asked
    assert page.locator("#pg-message").is_hidden()


def test_step_run_pause_and_reset_reach_the_run_trained_at_once(page, served):
    setting = Setting("xor", 3, 20_000, 0.9)
    open_playground(page, served, "?seed=3&epochs=20000&data=xor")
    at_once = shown(page)
    status = page.locator("#pg-status")
    run = page.get_by_role("button", name=re.compile("^(Run|Pause)$"))
    assert run.get_attribute("aria-disabled") == "true"  # the run is done

    page.get_by_role("button", name="Reset").click()
    page.evaluate(NEXT_FRAME)
    assert shown(page)["epoch"] == 0
    initial = np.ravel(nnbook.init_weights(3))
    np.testing.assert_allclose(shown(page)["weights"], initial, atol=0.5e-3 + 1e-12)
    assert status.inner_text().startswith("Reset to the initial weights. Epoch 0 of 20,000;")

    page.get_by_role("button", name="Step one epoch").click()
    page.evaluate(NEXT_FRAME)
    assert shown(page)["epoch"] == 1
    assert status.inner_text().startswith("One epoch trained. Epoch 1 of 20,000;")

    run.click()
    assert run.inner_text() == "Pause"
    page.wait_for_function("() => /Epoch [1-9][\\d,]{2,} of/.test("
                           "document.getElementById('pg-stats').textContent)")
    run.click()
    assert run.inner_text() == "Run"
    assert status.inner_text().startswith("Paused. Epoch ")
    page.evaluate(NEXT_FRAME)
    paused = shown(page)["epoch"]
    assert 1 < paused < 20_000
    page.evaluate("""() => new Promise(resolve => {  // twenty frames, each of which
        let frames = 0;                              // a running run would train in
        const next = () => (++frames === 20 ? resolve() : requestAnimationFrame(next));
        requestAnimationFrame(next);
    })""")
    assert shown(page)["epoch"] == paused, "a paused run stays where it is"

    run.click()
    page.wait_for_function("() => document.getElementById('pg-status').textContent"
                           ".startsWith('Trained 20,000 epochs.')", timeout=15_000)
    page.evaluate(NEXT_FRAME)
    assert shown(page) == at_once, "stepped, paced and paused, the run ends where it did at once"
    assert_shows(page, setting)
    assert page.get_by_role("button", name="Step one epoch").get_attribute(
        "aria-disabled") == "true"


# --- Controls: labelled, from the keyboard, by touch -------------------------------------

#: Every control of the page, by its role and the name a screen reader gives it.
CONTROLS = [("combobox", "Model"), ("spinbutton", "Hidden units"), ("combobox", "Data"),
            ("spinbutton", "Seed"), ("spinbutton", "Learning rate α"),
            ("spinbutton", "Epochs"), ("radio", "φ′(z), as the equations do"),
            ("radio", "φ′(ŷ), the original notebook's slip"), ("button", "Step one epoch"),
            ("button", "Run"), ("button", "Reset")]


def test_every_control_is_labelled_and_reached_in_order_from_the_keyboard(page, served):
    open_playground(page, served)
    named = [page.get_by_role(role, name=name, exact=True) for role, name in CONTROLS]
    for control, (role, name) in zip(named, CONTROLS, strict=True):
        assert control.count() == 1, f"no single {role} named {name!r}"
    count = page.evaluate("document.querySelectorAll('#pg-form :is(input, select, button)').length")
    assert count == len(CONTROLS), "a control with no name in CONTROLS"
    # Tab goes through them in order (one stop for the radio group, on its checked radio),
    # past the network's hidden units, which the neuron does not use.
    assert named[1].is_disabled()
    named[0].focus()
    for control in [*named[2:7], *named[8:]]:
        page.keyboard.press("Tab")
        assert control.evaluate("e => e === document.activeElement"), control
    # With the network, its hidden units in, the neuron's derivative out.
    before = trained(page)
    named[0].select_option("network")
    until_trained(page, before)
    assert named[6].is_disabled()
    assert named[7].is_disabled()
    named[0].focus()
    for control in [*named[1:6], *named[8:]]:
        page.keyboard.press("Tab")
        assert control.evaluate("e => e === document.activeElement"), control


def test_the_keyboard_changes_every_setting_and_runs(page, served):
    open_playground(page, served)
    before = trained(page)
    page.get_by_role("spinbutton", name="Seed").focus()
    page.keyboard.press("ArrowUp")
    until_trained(page, before)
    assert query_of(page)["seed"] == ["2"]
    assert_shows(page, Setting("chapter", 2, 50_000, 0.9))

    before = trained(page)
    page.get_by_role("radio", name="φ′(z), as the equations do").focus()
    page.keyboard.press("ArrowDown")
    until_trained(page, before)
    assert query_of(page)["derivative"] == ["output"]

    before = trained(page)
    page.get_by_role("combobox", name="Data").focus()
    page.keyboard.press("ArrowDown")
    until_trained(page, before)
    assert query_of(page)["data"] == ["xor"]

    before = trained(page)
    alpha = page.get_by_role("spinbutton", name="Learning rate α")
    alpha.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("1.5")
    page.keyboard.press("Tab")
    until_trained(page, before)
    assert_shows(page, Setting("xor", 2, 50_000, 1.5, "output"))

    before = trained(page)
    page.get_by_role("combobox", name="Model").focus()
    page.keyboard.press("ArrowDown")
    until_trained(page, before)
    before = trained(page)
    page.get_by_role("spinbutton", name="Hidden units").focus()
    page.keyboard.press("ArrowUp")
    until_trained(page, before)
    assert query_of(page) == {name: [value] for name, value in query_for(
        Setting("xor", 2, 50_000, 1.5, model="network", hidden=3)).items()}
    assert_shows(page, Setting("xor", 2, 50_000, 1.5, model="network", hidden=3))

    reset = page.get_by_role("button", name="Reset")
    reset.focus()
    page.keyboard.press("Enter")
    page.evaluate(NEXT_FRAME)
    assert shown(page)["epoch"] == 0
    page.keyboard.press("Shift+Tab")  # to Run
    page.keyboard.press("Shift+Tab")  # to Step one epoch
    page.keyboard.press("Space")
    page.evaluate(NEXT_FRAME)
    assert shown(page)["epoch"] == 1
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Pause").is_visible()


def test_it_works_by_touch_at_390_pixels_without_sideways_scroll(new_context, served):
    page = new_context(**PHONE).new_page()
    errors = open_playground(page, served)
    assert page.evaluate("window.innerWidth") == 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    boxes = page.evaluate("""() => [...document.querySelectorAll(
        '#playground :is(input, select, button, svg, canvas, .uplot)')]
        .map(e => e.getBoundingClientRect()).map(r => [r.left, r.right])""")
    assert all(left >= 0 and right <= 390 for left, right in boxes), boxes
    page.get_by_role("button", name="Reset").tap()
    page.get_by_role("button", name="Step one epoch").tap()
    page.evaluate(NEXT_FRAME)
    assert shown(page)["epoch"] == 1
    before = trained(page)
    page.get_by_role("spinbutton", name="Epochs").tap()
    page.get_by_role("spinbutton", name="Epochs").fill("700")
    page.locator("#pg-stats").tap()  # the field's change comes as it loses focus
    until_trained(page, before)
    assert query_of(page)["epochs"] == ["700"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not errors, errors


# --- The address -------------------------------------------------------------------------

def test_the_address_follows_each_change_and_back_and_forward_restore_it(page, served):
    open_playground(page, served)
    before = trained(page)
    alpha = page.get_by_role("spinbutton", name="Learning rate α")
    alpha.fill("2")
    alpha.press("Enter")
    until_trained(page, before)
    assert urlparse(page.url).query == ("seed=1&alpha=2&epochs=50000&derivative=z&data=chapter"
                                        "&model=neuron")

    before = trained(page)
    page.get_by_role("combobox", name="Data").select_option("no-constant")
    until_trained(page, before)
    assert query_of(page)["data"] == ["no-constant"]
    assert len(page.locator("#pg-diagram text.pg-label").all_text_contents()) == 2

    before = trained(page)
    page.go_back()
    until_trained(page, before)
    assert settings_in(page)["data"] == "chapter"
    assert_shows(page, Setting("chapter", 1, 50_000, 2.0))

    before = trained(page)
    page.go_back()
    until_trained(page, before)
    assert urlparse(page.url).query == ""
    assert settings_in(page)["alpha"] == "0.9"
    assert_shows(page, Setting("chapter", 1, 50_000, 0.9))

    before = trained(page)
    page.go_forward()
    until_trained(page, before)
    assert query_of(page)["alpha"] == ["2"]
    assert_shows(page, Setting("chapter", 1, 50_000, 2.0))


#: Bad addresses: what each says, and the run the page trains instead.
GARBAGE = [
    ("?seed=abc&alpha=-1&epochs=5000000&derivative=phi&data=and",
     ['seed must be a whole number from 0 to 4,294,967,295, not "abc"; the default, 1, is used.',
      'alpha must be a number from 0.001 to 100, not "-1"; the default, 0.9, is used.',
      'epochs must be a whole number from 1 to 1,000,000, not "5000000"; 1,000,000 is used.',
      'derivative must be one of z, output, not "phi"; the default, z, is used.',
      'data must be one of chapter, xor, no-constant, not "and"; the default, chapter, is used.'],
     Setting("chapter", 1, 1_000_000, 0.9)),
    ("?seed=4294967296&epochs=0&alpha=1e400",
     ['seed must be a whole number from 0 to 4,294,967,295, not "4294967296"; the default, 1, '
      'is used.',
      'alpha must be a number from 0.001 to 100, not "1e400"; 100 is used.',
      'epochs must be a whole number from 1 to 1,000,000, not "0"; 1 is used.'],
     Setting("chapter", 1, 1, 100.0)),
    ("?seed=3&seed=4&epochs=1.5&alpha=0x10&data=xor&data=chapter",
     ["seed is given 2 times; the first is used.",
      'alpha must be a number from 0.001 to 100, not "0x10"; the default, 0.9, is used.',
      'epochs must be a whole number from 1 to 1,000,000, not "1.5"; the default, 50,000, is used.',
      "data is given 2 times; the first is used."],
     Setting("xor", 3, 50_000, 0.9)),
    ("?data=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&seed=%3Cscript%3Ealert(2)%3C/script%3E"
     "&%3Csvg%20onload%3Dalert(3)%3E=1&epochs=-5&alpha=NaN&derivative=",
     ['"<svg onload=alert(3)>" is not a setting (they are seed, alpha, epochs, derivative, '
      'data, model, hidden); it is ignored.',
      'seed must be a whole number from 0 to 4,294,967,295, not "<script>alert(2)</script>"; '
      'the default, 1, is used.',
      'alpha must be a number from 0.001 to 100, not "NaN"; the default, 0.9, is used.',
      'epochs must be a whole number from 1 to 1,000,000, not "-5"; the default, 50,000, is used.',
      'derivative must be one of z, output, not ""; the default, z, is used.',
      'data must be one of chapter, xor, no-constant, not "<img src=x onerror=alert(1)>"; the '
      'default, chapter, is used.'],
     Setting("chapter", 1, 50_000, 0.9)),
    ("?model=network&hidden=9&derivative=output&data=xor&epochs=3000",
     ['hidden must be a whole number from 1 to 4, not "9"; 4 is used.',
      "derivative is a setting of the neuron alone; it is ignored."],
     Setting("xor", 1, 3_000, 0.9, model="network", hidden=4)),
    ("?model=brain&hidden=0&epochs=2000",
     ['model must be one of neuron, network, not "brain"; the default, neuron, is used.',
      'hidden must be a whole number from 1 to 4, not "0"; 1 is used.',
      "hidden is a setting of the network alone; it is ignored."],
     Setting("chapter", 1, 2_000, 0.9)),
]


@pytest.mark.parametrize(("query", "messages", "setting"), GARBAGE,
                         ids=["out-of-range", "limits", "repeated", "injection", "network",
                              "model"])
def test_a_bad_address_gets_a_message_and_a_valid_run(page, served, query, messages, setting):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors = open_playground(page, served, query)
    message = page.locator("#pg-message")
    assert message.is_visible()
    assert message.locator("p").all_inner_texts() == messages
    assert message.evaluate("m => m.previousElementSibling.id") == "pg-form", "by the controls"
    assert_shows(page, setting)
    assert query_of(page) == {name: [value] for name, value in query_for(setting).items()}, \
        "the address now asks for the run shown"
    assert page.locator("#playground img, #playground script, svg[onload]").count() == 0
    assert not dialogs
    assert not errors, errors
    # The next valid change clears the message.
    before = trained(page)
    page.get_by_role("spinbutton", name="Seed").fill("5")
    page.get_by_role("spinbutton", name="Seed").press("Enter")
    until_trained(page, before)
    assert message.is_hidden()


# --- Responsive through a long run, announced when it stops ------------------------------

#: Before the page's own scripts: record long tasks, what #pg-stats shows at each frame, and
#: each change to the live region.
WATCH = """
window.watched = { longTasks: [], frames: [], said: [] };
new PerformanceObserver(list => watched.longTasks.push(
    ...list.getEntries().map(e => [e.startTime, e.duration]))).observe({ type: 'longtask' });
const frame = () => {
    const stats = document.getElementById('pg-stats');
    if (stats) watched.frames.push(stats.textContent);
    requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
addEventListener('DOMContentLoaded', () => new MutationObserver(() => watched.said.push(
    document.getElementById('pg-status').textContent)).observe(
        document.getElementById('pg-status'), { childList: true, characterData: true,
                                                 subtree: true }));
"""


#: A task can also be long because the machine is busy with other work, which no page
#: controls (the suite's machine runs other processes, on two cores); a long task of the
#: page's own is there on every run. So a run is tried up to this many times, and the test
#: fails if every one had a long task.
ATTEMPTS = 5


@pytest.mark.quiet
def test_a_million_epochs_train_with_no_long_task_and_draw_as_they_go(page, served):
    page.add_init_script(WATCH)
    long_tasks = []
    for _ in range(ATTEMPTS):
        errors = open_playground(page, served, "?epochs=1000000")
        watched = page.evaluate("watched")
        start, duration = page.evaluate("""() => { const m = performance.getEntriesByName(
            'playground: train')[0]; return [m.startTime, m.duration]; }""")
        during = [(round(s), round(d)) for s, d in watched["longTasks"]
                  if s + d > start and s < start + duration]
        if not during:
            break
        long_tasks.append(during)
    else:
        pytest.fail(f"each of {ATTEMPTS} runs had tasks over 50 ms while training (start, "
                    f"duration): {long_tasks}")
    epochs = {int(STATS.fullmatch(text)["epoch"].replace(",", ""))
              for text in watched["frames"] if text}
    drawn_between = sorted(e for e in epochs if 0 < e < 1_000_000)
    assert len(drawn_between) >= 3, f"the figures were drawn at epochs {sorted(epochs)}"
    assert shown(page)["epoch"] == 1_000_000
    # Said once, when the run stopped: not at every frame.
    assert len(watched["said"]) == 1, watched["said"]
    stats = page.locator("#pg-stats").inner_text()
    assert watched["said"][0] == f"Trained 1,000,000 epochs. {stats.replace(' · ', '; ')}."
    assert page.locator("#pg-status").get_attribute("role") == "status"
    assert not errors, errors


# --- Nothing moves while the page loads --------------------------------------------------

#: The layout shifts of the page so far that no input caused, as CLS counts them, gathered a
#: second after the call (``buffered`` brings those from before it): their summed value and
#: the elements that moved.
SHIFTS = """() => new Promise(resolve => {
    const shifts = [];
    new PerformanceObserver(list => shifts.push(...list.getEntries()))
        .observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => {
        const counted = shifts.filter(e => !e.hadRecentInput);
        resolve({ cls: counted.reduce((sum, e) => sum + e.value, 0),
                  moved: counted.flatMap(e => e.sources.map(s => [
                      s.node?.nodeName, s.node?.id || s.node?.className,
                      s.previousRect.toJSON(), s.currentRect.toJSON()])) });
    }, 1000);
})"""


#: A phone's width, without Chromium's mobile emulation: that marks each shift in its first
#: half second as following input (its change of viewport, as the page's meta viewport is
#: read), which would leave them out of the sum; Lighthouse counts them.
NARROW = {"width": 390, "height": 844}
#: The box of each part of the playground, and of the heading after it: [x, y, width, height].
BOXES = """() => Object.fromEntries([...document.querySelectorAll(
    '#playground > *, #playground figure > *, #things-to-try')].map((e, i) => {
        const r = e.getBoundingClientRect();
        return [`${i} ${e.tagName} ${e.id || e.className}`, [r.x, r.y, r.width, r.height]];
    }))"""
#: The page's script, which draws the playground.
SCRIPT = "playground/playground.js"


@pytest.mark.quiet
@pytest.mark.parametrize("viewport", [NARROW, {"width": 1100, "height": 800}],
                         ids=["phone", "desktop"])
def test_nothing_moves_while_the_page_loads_and_trains(new_context, served, viewport):
    page = new_context(viewport=viewport).new_page()
    # The page's script is held until the whole page is parsed and painted, as on a slow
    # phone (on a fast machine it can run before the first paint, and then no shift counts).
    held = []
    page.route(f"**/{SCRIPT}", lambda route: held.append(route))
    with page.expect_request(f"**/{SCRIPT}"):
        page.goto(served + PAGE, wait_until="commit")
    page.wait_for_function("""() => document.readyState !== 'loading'
        && performance.getEntriesByType('paint').length > 0""")
    before = page.evaluate(BOXES)
    held[0].continue_()
    page.wait_for_load_state("load")
    until_trained(page, 0)
    shifts = page.evaluate(SHIFTS)
    assert shifts["cls"] <= 0.01, shifts
    # Each part has, before the script draws, the box it has once the run is drawn: none
    # moves or grows, in the window or below it.
    after = page.evaluate(BOXES)
    assert after.keys() == before.keys()
    moved = {part: (before[part], box) for part, box in after.items()
             if np.abs(np.subtract(box, before[part])).max() > 0.5}
    assert not moved, moved


# --- Palettes, accessibility, and readers without JavaScript -----------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_issue_in_either_palette(new_context, served, scheme):
    page = new_context(color_scheme=scheme).new_page()
    open_playground(page, served, "?seed=x")  # with the message shown
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


def colours(page) -> dict[str, object]:
    """The first example's curve and the neuron as drawn, and the shading at (-0.25, -0.25)."""
    return page.evaluate("""() => {
        const parse = c => c.match(/\\d+/g).slice(0, 3).map(Number);
        const marker = document.querySelector('#pg-errors-linear .u-series:first-child .u-marker');
        const neuron = document.querySelector('#pg-diagram circle.pg-neuron');
        const canvas = document.getElementById('pg-boundary');
        const corner = canvas.getContext('2d').getImageData(2, canvas.height - 3, 1, 1).data;
        return { curve: parse(getComputedStyle(marker).borderColor),
                 neuron: parse(getComputedStyle(neuron).fill),
                 shading: Array.from(corner.slice(0, 3)) };
    }""")


def test_the_figures_follow_the_palette_toggle(page, served):
    open_playground(page, served)
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    seen = {}
    for _ in range(2):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function("s => document.body.dataset.mdColorScheme !== s", arg=scheme)
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        page.evaluate(NEXT_FRAME)
        seen[scheme] = colours(page)
    for scheme, theme in (("default", style.LIGHT), ("slate", style.DARK)):
        assert seen[scheme]["curve"] == rgb(theme.lines[0])
        assert seen[scheme]["neuron"] == rgb(theme.accent)
        # Near (-0.25, -0.25) the chapter's neuron outputs almost 0: the colour of 0, as in
        # the book's figures.
        assert np.abs(np.subtract(seen[scheme]["shading"], rgb(theme.lines[0]))).max() <= 3


def test_without_javascript_the_static_figures_show(browser, served):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(served + PAGE, wait_until="load")
    assert page.locator("#playground").is_hidden()
    fallback = page.locator("noscript.pg-fallback")
    assert fallback.is_visible()
    assert "needs JavaScript" in fallback.inner_text()
    figures = fallback.locator("img.nnbook-figure:visible")
    assert figures.count() == 2
    for figure in figures.all():
        figure.scroll_into_view_if_needed()
        assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
    page.context.close()
