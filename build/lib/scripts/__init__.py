"""The site's build, and the tools around it, told apart by where they run:

- ``hook/``: inside MkDocs' process (an edit needs a restart of ``mkdocs serve``);
- ``steps/``: each in a fresh process per build step, so it sees the nnbook on disk;
- ``dev/``: developer tools (benchmark, baselines, project copies, Chromium), never
  run by a build.
"""
