# Makes runner.py's pytest hooks this directory's: `python3 -m pytest runner.py`
# collects one item per case (see runner.py, "pytest front end").  The plugin
# name "runner" is taken by pytest's own, hence a conftest, not pytest_plugins.
from runner import (pytest_addoption, pytest_collect_file, pytest_configure,  # noqa: F401
                    pytest_runtest_makereport)
