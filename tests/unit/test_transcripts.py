"""Transcripts: the statements of a ``pycon`` block, run as the interactive interpreter runs
them, and put back in the page with what Python printed."""

import json
import subprocess
import sys

import pytest

from scripts.steps import transcripts
from scripts.steps.transcripts import TranscriptError, session, statements


def test_statements_are_split_with_their_continuations_and_expected_outputs():
    source = ">>> x = 1\n>>> for i in range(2):\n...     print(i)\n...\n>>> x + 1\n2\n"
    assert statements(source) == [("x = 1", None), ("for i in range(2):\n    print(i)\n", None),
                                  ("x + 1", "2")]


def test_a_session_prints_what_the_interpreter_prints():
    filled = session("p.md", [">>> import numpy as np\n>>> a = np.ones(2)\n>>> a\n"
                              ">>> print(a)\n>>> None\n>>> a.sum()\n",
                              ">>> a.shape  # the same session\n"])
    assert filled == [">>> import numpy as np\n>>> a = np.ones(2)\n>>> a\narray([1., 1.])\n"
                      ">>> print(a)\n[1. 1.]\n>>> None\n>>> a.sum()\nnp.float64(2.0)",
                      ">>> a.shape  # the same session\n(2,)"]


@pytest.mark.parametrize(("source", "message"), [
    (">>> 1 + 1\n3\n", r"p\.md: >>> 1 \+ 1 printed '2', not '3'"),
    (">>> undefined\n", r"p\.md: >>> undefined raised NameError: name 'undefined' is not"),
    ("x = 1\n", r"a transcript starts with 'x = 1', not a >>> statement"),
])
def test_a_transcript_that_differs_or_raises_is_refused_naming_page_and_statement(source,
                                                                                  message):
    with pytest.raises(TranscriptError, match=message):
        session("p.md", [source])


def test_the_step_writes_the_page_filled(tmp_path):
    sources = [">>> 6 * 7\n", ">>> print('b')\n"]
    done = subprocess.run([sys.executable, "-m", "scripts.steps.transcripts", str(tmp_path),
                           "a.md"], input=json.dumps(sources), capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "transcripts.json").read_text()) == [">>> 6 * 7\n42",
                                                                        ">>> print('b')\nb"]


def test_the_hook_finds_transcripts_and_puts_them_back_indented():
    page = ("Text\n\n```pycon\n>>> 1\n```\n\n!!! note\n"
            "    ```pycon\n    >>> 2\n    ```\n")
    assert transcripts.find(page) == [">>> 1\n", ">>> 2\n"]
    filled = transcripts.fill(page, [">>> 1\n1", ">>> 2\n2"], "page.md")
    assert filled == ("Text\n\n```pycon\n>>> 1\n1\n```\n\n!!! note\n"
                      "    ```pycon\n    >>> 2\n    2\n    ```\n")
    with pytest.raises(transcripts.TranscriptError, match="changed while the site was built"):
        transcripts.fill("```pycon\n>>> 1\n```\n", [], "page.md")
