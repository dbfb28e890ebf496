# Both targets do all set-up on a fresh machine: a virtualenv with the pinned
# dependencies of constraints.txt, then the job itself.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: run test install clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newsclean run

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) data/processed/releases data/processed/reports data/processed/current \
	       data/processed/articles data/processed/duplicates data/processed/quarantine
