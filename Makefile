# The ReLU workbook. `make help` lists the targets; README.md explains them.
#
# Every user-facing target first makes sure the tools are installed
# (tools/deps.sh --ensure), then runs the real work in a sub-make, so that a
# fresh machine with only make and git gets there in one command.

.DEFAULT_GOAL := all
.SECONDARY:
SHELL := /bin/bash
MAKEFLAGS += --no-print-directory

include mk/config.mk
include mk/lib.mk
-include mk/exercises.mk
-include mk/book.mk
-include mk/wasm.mk
-include mk/bench.mk

ENSURE_DEPS = @tools/deps.sh --ensure

.PHONY: all check deps help clean repeat
# Quiet unless VERBOSE=1 (or V=1): progress lines go to $(BUILD_LOG) (tools/quiet.py).
BUILD_LOG ?= build/make.log
all:
	$(ENSURE_DEPS)
	@$(if $(filter 1,$(VERBOSE)),,tools/quiet.py $(BUILD_LOG)) $(MAKE) _all \
	    $(if $(filter 1,$(VERBOSE)),,GRADE_COLOR=$$([ -t 1 ] && echo always || echo auto))

check:
	@tools/deps.sh --ensure --check
	@tools/check.sh

# For contributors (docs/contributors-guide.md, "Adding an exercise"):
# the scaffold of a new exercise, and everything make check verifies about
# one exercise and its chapter, in a minute or two.
.PHONY: new-exercise check-exercise
new-exercise:
	@if [ -z "$(NAME)" ] || [ -z "$(CHAPTER)" ]; then \
	   echo "usage: make new-exercise NAME=<topic> CHAPTER=<NN-file> [TITLE=\"The title\"]"; exit 2; fi
	@python3 tools/new_exercise.py create "$(NAME)" "$(CHAPTER)" $(if $(TITLE),--title "$(TITLE)")

check-exercise:
	@tools/deps.sh --ensure --check
	@tools/check_exercise.sh "$(EX)"

# Are the tests deterministic? N runs under make -j2 with a core kept busy.
N ?= 20
repeat:
	$(ENSURE_DEPS)
	@tools/repeat.sh $(N)

deps:
	@tools/deps.sh --install

clean:
	rm -rf build

help:
	@echo "make             build everything, run your tests, show your progress (V=1: every step)"
	@echo "make test        grade exercises/ (EX=3 for one exercise)"
	@echo "make hint EX=3   the hint for exercise 3"
	@echo "make watch       re-run the tests each time you save an exercise"
	@echo "make progress    what is done and what is next"
	@echo "make docs        the HTML book in build/book/index.html"
	@echo "make wasm        its explorable figures in WebAssembly (part of make docs)"
	@echo "make bench       performance figures (build/bench/results.csv)"
	@echo "make bench-compare  the same next to PyTorch (needs python3-torch)"
	@echo "make check       the project's own test suite (developers, CI)"
	$(if $(wildcard solutions),@echo "make check-exercise EX=3  make check's checks of one exercise and its chapter")
	$(if $(wildcard solutions),@echo "make new-exercise NAME=topic CHAPTER=NN-file  a new exercise's scaffold")
	@echo "make repeat N=20 the tests N times under load: do their verdicts change?"
	@echo "make deps        install what is missing"
	@echo "instructors: make test SUBMISSION=DIR, make grade SUBMISSIONS=DIR,"
	@echo "             make grade-export ROSTER=file SUBMISSIONS=DIR, make dist"

# _all grows as the parts land (exercises.mk and book.mk add to it).
.PHONY: _all
_all: lib
