"""Transcripts: the statements of a ``pycon`` block, run as the interactive interpreter runs
them, and put back in the page with what Python printed."""

import json
import subprocess
import sys

import pytest

from scripts.hook import transcripts
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


def test_the_step_writes_every_page_filled(tmp_path):
    pages = {"a.md": [">>> 6 * 7\n"], "b.md": [">>> print('b')\n"]}
    done = subprocess.run([sys.executable, "-m", "scripts.steps.transcripts", str(tmp_path)],
                          input=json.dumps(pages), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "transcripts.json").read_text()) == {
        "a.md": [">>> 6 * 7\n42"], "b.md": [">>> print('b')\nb"]}


def test_the_hook_finds_transcripts_and_puts_them_back_indented(tmp_path):
    (tmp_path / "page.md").write_text("Text\n\n```pycon\n>>> 1\n```\n\n!!! note\n"
                                      "    ```pycon\n    >>> 2\n    ```\n")
    found = transcripts.find(tmp_path)
    assert found == {"page.md": [">>> 1\n", ">>> 2\n"]}
    filled = transcripts.fill((tmp_path / "page.md").read_text(),
                              {"page.md": [">>> 1\n1", ">>> 2\n2"]}, "page.md")
    assert filled == ("Text\n\n```pycon\n>>> 1\n1\n```\n\n!!! note\n"
                      "    ```pycon\n    >>> 2\n    2\n    ```\n")
    with pytest.raises(transcripts.TranscriptError, match="changed while the site was built"):
        transcripts.fill("```pycon\n>>> 1\n```\n", {"page.md": []}, "page.md")
