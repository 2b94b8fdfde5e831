# exercises.mk: the student and instructor commands around the grader
# (tools/grade/grade.py): test, hint, watch, progress, grade, dist,
# gradescope, and what plain `make` does after the library is built.
#
#   make test [EX=3] [SUBMISSION=DIR]   grade exercises/ (or DIR's exercise files)
#   make grade SUBMISSIONS=DIR          every sub-folder of DIR is one student
#   make hint EX=3 [LEVEL=2] | watch [EX=3] | progress   (LEVEL=2: the stronger hint too)
#   make dist | gradescope              build/dist/: student edition, Gradescope zip
#
# Knobs: HIDDEN=auto|yes|no (instructor-only tests in tests/hidden/; auto =
# when the folder exists), SEED=n (inputs of hidden tests), TEST_TIMEOUT=s (per
# test), GRADE_JOBS=n (tests or students at once), GRADE_OUT=dir;
# GRADE_ROOT=dir takes exercises/ and tests/ from another tree (make check
# uses it for the grader's fixture exercises).

GRADE_OUT ?= build/grade
GRADE_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
TEST_TIMEOUT ?= 10
HIDDEN ?= auto
SEED ?=
DIST_NAME ?= relu-workbook

GRADE := python3 tools/grade/grade.py
GRADE_FLAGS = --lib $(LIBWB) --cc "$(CC)" --variant $(V) --out $(GRADE_OUT) \
              --cflags "$(filter-out -MMD -MP,$(CFLAGS_ALL))" --ldflags "$(SAN_$(V)) $(LDFLAGS)" \
              --jobs $(GRADE_JOBS) --timeout $(TEST_TIMEOUT) --hidden $(HIDDEN) \
              $(if $(SEED),--seed $(SEED)) $(if $(EX),--ex $(EX)) \
              $(if $(GRADE_ROOT),--root $(GRADE_ROOT))

.PHONY: test hint watch progress grade dist gradescope

test:
	$(ENSURE_DEPS)
	@$(MAKE) -s lib
	@$(GRADE) test $(GRADE_FLAGS) $(if $(SUBMISSION),--submission "$(SUBMISSION)")

# Plain `make`: build and grade every exercise, show the table and the next
# step, and succeed even though unfinished exercises fail their tests. This
# is _all's own recipe (the other parts only add prerequisites), so the
# table comes last, after the book's output.
_all: lib
	@echo
	@$(GRADE) test $(GRADE_FLAGS) --quiet || true

hint:
	$(ENSURE_DEPS)
	@if [ -z "$(EX)" ]; then echo "usage: make hint EX=3 (a number or an exercise name)"; exit 2; fi
	@name=$$($(GRADE) resolve "$(EX)") || exit 2; \
	 hint=exercises/hints/$${name%%_*}.md; \
	 if [ ! -f "$$hint" ]; then \
	   echo "$$name has no hint yet: read its header exercises/$$name.h and its chapter section."; \
	 elif [ "$(LEVEL)" = 2 ]; then sed 's/^<!-- level 2 -->$$/--- level 2 ---/' "$$hint"; \
	 elif [ -n "$(LEVEL)" ] && [ "$(LEVEL)" != 1 ]; then echo "usage: make hint EX=$(EX) [LEVEL=1|2]"; exit 2; \
	 else sed '/^<!-- level 2 -->$$/,$$d' "$$hint"; \
	   if grep -q '^<!-- level 2 -->$$' "$$hint"; then \
	     echo "Still stuck? \`make hint EX=$(EX) LEVEL=2\` gives a stronger hint."; fi; fi

watch:
	$(ENSURE_DEPS)
	@$(MAKE) -s lib
	@tools/grade/watch.sh $(EX)

progress:
	$(ENSURE_DEPS)
	@$(MAKE) -s lib
	@$(GRADE) progress $(GRADE_FLAGS)

grade:
	$(ENSURE_DEPS)
	@if [ -z "$(SUBMISSIONS)" ]; then echo "usage: make grade SUBMISSIONS=DIR (one sub-folder per student)"; exit 2; fi
	@$(MAKE) -s lib
	@$(GRADE) grade $(GRADE_FLAGS) --submissions "$(SUBMISSIONS)"

dist:
	$(ENSURE_DEPS)
	@tools/grade/dist.sh student "$(DIST_NAME)"

gradescope:
	$(ENSURE_DEPS)
	@tools/grade/dist.sh gradescope "$(DIST_NAME)"
