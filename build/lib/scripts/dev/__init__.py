"""Developer tools, never run by a build: the benchmark, the figure baselines, fresh
copies of the project, and the Chromium the browser tests and the benchmark drive."""
