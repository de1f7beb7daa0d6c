# Registers the runner as a pytest plugin: `python3 -m pytest runner.py` collects
# one item per case (see runner.py, "pytest front end").
pytest_plugins = ["runner"]
