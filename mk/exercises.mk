# exercises.mk: the student and instructor commands around the grader
# (tools/grade/grade.py): test, hint, watch, progress, grade, dist,
# gradescope, and what plain `make` does after the library is built.
#
#   make test [EX=3] [SUBMISSION=DIR]   grade exercises/ (or DIR's exercise files)
#   make grade SUBMISSIONS=DIR          every sub-folder of DIR is one student
#        [STUDENT=name] [EX=3]           regrade one student / one exercise in place
#        [GRADEBOOK=name] [CONTROL=dir|none] [ROSTER=roster.csv (exports for an LMS)]
#        [ASSIGNMENT="name of the assignment in Canvas/Moodle"]
#   make grade-export ROSTER=roster.csv SUBMISSIONS=DIR|GRADEBOOK=name [ASSIGNMENT=...]
#                                        exports an existing gradebook, grading nothing
#   make hint EX=3 [LEVEL=2] | watch [EX=3] | progress   (LEVEL=2: the stronger hint too)
#   make dist | gradescope              build/dist/: student edition, Gradescope zip
#
# Knobs: HIDDEN=auto|yes|no (instructor-only tests in tests/hidden/; auto =
# when the folder exists), SEED=n (inputs of hidden tests), TEST_TIMEOUT=s (per
# test), GRADE_DEADLINE=s (per submission), GRADE_JOBS=n (tests or students
# at once), GRADE_OUT=dir, VERBOSE=1 (every failing check), TEST=name;
# GRADE_ROOT=dir takes exercises/ and tests/ from another tree (make check
# uses it for the grader's fixture exercises).

GRADE_OUT ?= build/grade
GRADE_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
TEST_TIMEOUT ?= 10
GRADE_DEADLINE ?= 900
HIDDEN ?= auto
SEED ?=
DIST_NAME ?= relu-workbook
# Results of unchanged exercises are kept here (tools/grade/cache.py); only
# for the student's own exercises/ (never with SUBMISSION=); GRADE_CACHE= regrades all.
GRADE_CACHE ?= $(GRADE_OUT)/cache

GRADE := python3 tools/grade/grade.py
GRADE_FLAGS = --lib $(LIBWB) --cc "$(CC)" --variant $(V) --out $(GRADE_OUT) \
              --cflags "$(filter-out -MMD -MP $(WARNINGS),$(CFLAGS_ALL)) $(STUDENT_WARNINGS)" --ldflags "$(SAN_$(V)) $(LDFLAGS)" \
              --jobs $(GRADE_JOBS) --timeout $(TEST_TIMEOUT) --hidden $(HIDDEN) \
              --deadline $(GRADE_DEADLINE) \
              $(if $(SEED),--seed $(SEED)) $(if $(EX),--ex $(EX)) \
              $(if $(GRADE_ROOT),--root $(GRADE_ROOT)) \
              $(if $(filter 1,$(VERBOSE)),--verbose) $(if $(TEST),--test $(TEST))
GRADE_CACHE_FLAG = $(if $(SUBMISSION),,$(if $(GRADE_CACHE),--cache $(GRADE_CACHE)))

.PHONY: test test-run hint watch progress grade grade-export dist gradescope

# A failing run ends with one sentence instead of make's "Error 1" line
# (which reads like a broken build), and still exits non-zero for scripts:
# test-run records the grader's status, and test's recipe, expanded after
# it, stops make with $(error) when it was not 0.
GRADE_STATUS = $(GRADE_OUT)/.status

test: test-run
	@$(if $(filter-out 0,$(shell cat $(GRADE_STATUS) 2>/dev/null || echo 1)),$(error \
	   not done yet: some tests fail (the report is above)),true)

# Grading needs no pandoc or gnuplot (Gradescope, Classroom, a class run).
ENSURE_GRADING_DEPS = @tools/deps.sh --ensure --grading

test-run:
	$(ENSURE_GRADING_DEPS)
	@$(MAKE) -s lib
	@mkdir -p $(GRADE_OUT); rm -f $(GRADE_STATUS); \
	 $(GRADE) test $(GRADE_FLAGS) $(GRADE_CACHE_FLAG) $(if $(SUBMISSION),--submission "$(SUBMISSION)"); \
	 echo $$? > $(GRADE_STATUS)

# Plain `make`: build and grade every exercise, show the table and the next
# step, and succeed even though unfinished exercises fail their tests. This
# is _all's own recipe (the other parts only add prerequisites), so the
# table comes last, after the book's output.
_all: lib
	@echo
	@$(GRADE) test $(GRADE_FLAGS) $(GRADE_CACHE_FLAG) $(if $(GRADE_COLOR),--color $(GRADE_COLOR)) --quiet || true

hint:
	$(ENSURE_DEPS)
	@if [ -z "$(EX)" ]; then echo "usage: make hint EX=3 (a number or an exercise name)"; exit 2; fi
	@name=$$($(GRADE) resolve "$(EX)") || exit 2; \
	 hint=exercises/hints/$${name%%_*}.md; \
	 if [ ! -f "$$hint" ]; then \
	   echo "$$name has no hint yet: read its header exercises/$$name.h and its chapter section."; \
	 elif [ "$(LEVEL)" = 2 ]; then python3 tools/grade/hint_text.py "$$hint" 2; \
	 elif [ -n "$(LEVEL)" ] && [ "$(LEVEL)" != 1 ]; then echo "usage: make hint EX=$(EX) [LEVEL=1|2]"; exit 2; \
	 else python3 tools/grade/hint_text.py "$$hint" 1; \
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
	$(ENSURE_GRADING_DEPS)
	@if [ -z "$(SUBMISSIONS)" ]; then echo "usage: make grade SUBMISSIONS=DIR (one sub-folder per student)"; exit 2; fi
	@$(MAKE) -s lib
	@$(GRADE) grade $(GRADE_FLAGS) --submissions "$(SUBMISSIONS)" \
	    $(if $(STUDENT),--student "$(STUDENT)") $(if $(GRADEBOOK),--gradebook "$(GRADEBOOK)") \
	    $(if $(CONTROL),--control "$(CONTROL)") $(if $(ROSTER),--roster "$(ROSTER)") \
	    $(if $(ASSIGNMENT),--title "$(ASSIGNMENT)")

# The LMS exports from the gradebook as it is: no build, no grading.
grade-export:
	@if [ -z "$(ROSTER)" ] || [ -z "$(SUBMISSIONS)$(GRADEBOOK)" ]; then \
	   echo "usage: make grade-export ROSTER=roster.csv SUBMISSIONS=DIR|GRADEBOOK=name [ASSIGNMENT=\"name in Canvas\"]"; exit 2; fi
	@$(GRADE) export --roster "$(ROSTER)" $(if $(GRADE_ROOT),--root $(GRADE_ROOT)) \
	    $(if $(SUBMISSIONS),--submissions "$(SUBMISSIONS)") $(if $(GRADEBOOK),--gradebook "$(GRADEBOOK)") \
	    $(if $(ASSIGNMENT),--title "$(ASSIGNMENT)")

dist:
	$(ENSURE_DEPS)
	@tools/grade/dist.sh student "$(DIST_NAME)"

gradescope:
	$(ENSURE_DEPS)
	@tools/grade/dist.sh gradescope "$(DIST_NAME)"
