# Makes mmapcheck's pytest hooks this directory's: `python3 -m pytest runner.py`
# collects one item per case (see mmapcheck/pytest_plugin.py).  The plugin name
# "runner" is taken by pytest's own, hence a conftest, not pytest_plugins.
from mmapcheck.pytest_plugin import (pytest_addoption, pytest_collect_file,  # noqa: F401
                                     pytest_configure, pytest_runtest_makereport)
