"""What one build knows: its settings, its steps, their outputs, its math.

A :class:`Build` is made in ``on_config`` from ``extra.build`` in mkdocs.yml:

- ``book``: the module whose ``book()`` declares the chapter's figures and values
  (its package's code is in every step's key);
- ``references`` (optional): a record under docs/ that a page's reference list is
  held to (:mod:`scripts.hook.references`);
- ``vendor`` (optional): files under node_modules/ the site serves as they are,
  at ``assets/vendor/PATH`` (package-lock.json pins them).

Every notebook under docs/ becomes a page. The build names nothing of the chapter.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

from scripts.hook import references
from scripts.hook.equations import MathError, MathRenderer
from scripts.hook.steps import Cache, Step, StepError, environment

#: What every step's output depends on, besides the library and its own input.
STEP_CODE = "scripts/steps/*"


class Build:
    def __init__(self, config, log) -> None:
        self.started = time.perf_counter()
        self.config = config
        self.root = Path(config.config_file_path).resolve().parent
        self.docs = Path(config.docs_dir)
        settings = config.extra.get("build", {})
        if "book" not in settings:
            raise PluginError("nnbook: mkdocs.yml must name the module that declares the "
                              "chapter's figures and values, as extra: build: book:")
        self.vendor = settings.get("vendor", [])
        self.cache = Cache(self.root / ".cache" / "nnbook", log.info)
        self.cache.lock(lambda: log.info("nnbook: another build of this project is running; "
                                         "waiting for it to finish"))
        self.cache.tidy()
        self.home = Path(tempfile.mkdtemp(prefix="nnbook-home-"))
        self.env = environment(self.root, self.cache.folder, self.home)
        shared = [f"{settings['book'].split('.')[0]}/**/*.py", STEP_CODE]
        self.figures = Step("figures", "figures", "scripts.steps.figures", [settings["book"]],
                            shared, self.root)
        self.notebooks: dict[str, Step] = {}
        for source in sorted(self.docs.rglob("*.ipynb")):
            name = source.relative_to(self.docs).as_posix()
            self.notebooks[name] = Step(
                f"notebook {name}", "notebook-" + name.removesuffix(".ipynb").replace("/", "-"),
                "scripts.steps.notebook", [str(source), name],
                [*shared, source.relative_to(self.root).as_posix()], self.root)
        try:
            self.math = MathRenderer(self.root, self.cache.folder / "math.json", self.env,
                                     log.info)
            self.references = (references.load(self.docs / settings["references"])
                               if "references" in settings else None)
        except (MathError, references.ReferenceError) as error:
            self.finish()
            raise PluginError(f"nnbook: {error}") from None
        self.values: dict[str, object] = {}
        self.sizes: dict[str, dict] = {}
        self.shown: set[str] = set()

    def steps(self) -> list[Step]:
        return [self.figures, *self.notebooks.values()]

    def start(self) -> None:
        for step in self.steps():
            step.start(self.cache, self.env)

    def wait(self, step: Step) -> Path:
        try:
            return step.wait(self.cache)
        except StepError as error:
            raise PluginError(f"nnbook {error}") from None

    def read_figures(self) -> Path:
        """Wait for the figures step; keep its values and figure sizes. Its folder."""
        folder = self.wait(self.figures)
        self.values = json.loads((folder / "values.json").read_text(encoding="utf-8"))
        self.sizes = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
        return folder

    def stop(self) -> None:
        for step in self.steps():
            step.stop()

    def finish(self) -> None:
        """Let the next build of this tree go, and remove this one's scratch home."""
        self.cache.unlock()
        shutil.rmtree(self.home, ignore_errors=True)

    def summary(self) -> str:
        """One line: what each step redid or reused, and how long it took."""
        def done(step: Step, verb: str) -> str:
            return f"{verb} in {step.seconds:.1f} s" if step.seconds is not None else "current"

        parts = [f"figures: {len(self.sizes)} {done(self.figures, 'drawn')}"]
        parts += [f"notebook {name}: {done(step, 'executed')}"
                  for name, step in self.notebooks.items()]
        parts.append(f"math: {self.math.rendered} rendered, {self.math.reused} cached"
                     + (f" in {self.math.seconds:.1f} s" if self.math.rendered else ""))
        parts.append(f"build {time.perf_counter() - self.started:.1f} s")
        return "nnbook: " + "; ".join(parts)
