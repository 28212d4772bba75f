"""A step's process started ahead of time: its packages imported, waiting for its orders.

    python -m scripts.spare PRELOAD...

Under ``mkdocs serve`` the hook keeps one spare per step, so that the next run of a
step skips Python's start and the imports of NumPy, Matplotlib or nbconvert, and the
notebook's step even finds its kernel started. Each PRELOAD is a module to import, or
``module:function`` to import and call (to start a kernel, say). None of them may
import nnbook: the step must import the nnbook on disk when it runs, as a fresh
process would, and a spare that did is refused with exit status 2.

The spare then reads one line from stdin, ``{"module": ..., "argv": [...]}``, runs
that module's ``main(argv)`` once and exits with its status. A spare whose stdin
closes without an order calls each preloaded module's ``release()``, if it has one
(to shut its kernel down), and exits 0.
"""

from __future__ import annotations

import importlib
import json
import signal
import sys


def main(argv: list[str] | None = None) -> int:
    # Ctrl-C in the author's terminal reaches this process too; while it waits, MkDocs
    # decides when it ends (so it can shut its kernel down). Once it runs, it stops as a
    # step's own process would.
    default_interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    preloads = sys.argv[1:] if argv is None else argv
    modules = []
    for entry in preloads:
        name, _, function = entry.partition(":")
        module = importlib.import_module(name)
        modules.append(module)
        if function:
            getattr(module, function)()
    if leaked := sorted(m for m in sys.modules if m == "nnbook" or m.startswith("nnbook.")):
        print(f"spare: preloading {', '.join(preloads)} imported {leaked[0]}, so the step "
              f"would not see the nnbook on disk", file=sys.stderr)
        return 2
    order = sys.stdin.readline()
    if not order.strip():
        for module in modules:
            if hasattr(module, "release"):
                module.release()
        return 0
    order = json.loads(order)
    signal.signal(signal.SIGINT, default_interrupt)
    return importlib.import_module(order["module"]).main(order["argv"])


if __name__ == "__main__":
    sys.exit(main())
