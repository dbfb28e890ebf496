# Both targets do all set-up on a fresh machine: a virtualenv with the pinned
# dependencies of constraints.txt, then the job itself.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
READERS := $(VENV)/.readers

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: run test install clean browser

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

# PySpark (about 450 MB) and Hugging Face datasets, for the tests that load the dataset with them.
$(READERS): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,readers]'
	touch $(READERS)

run: $(STAMP)
	$(BIN)/newsclean run

# Lint and format check first (ruff, configured in pyproject.toml): a finding fails the target before the tests.
test: $(READERS) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# The report test renders the HTML page in Debian's headless Chromium; it skips, saying so, where apt-get cannot install it.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get install -y -q chromium >/dev/null 2>&1 || \
	  (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1)) || \
	  echo "chromium not installed: the HTML report's browser test will skip"

clean:
	rm -rf $(VENV) data/processed/releases data/processed/reports data/processed/current data/processed/cache \
	       data/processed/articles data/processed/duplicates data/processed/quarantine
