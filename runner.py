#!/usr/bin/env python3
"""mmapcheck runner: builds, lists, runs and classifies the cases, and writes
per-platform reports.

Standard library only, so that it runs on a BSD box with a bare Python; the
work is done by the modules of the mmapcheck/ package beside this file.  It is
also what pytest collects (conftest.py registers mmapcheck.pytest_plugin):
`python3 -m pytest runner.py` gives one item per case.  See README.md for the
commands.
"""

import sys

from mmapcheck.cli import main

if __name__ == "__main__":
    sys.exit(main())
