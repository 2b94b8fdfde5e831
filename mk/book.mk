# book.mk: the HTML book (make docs) and its figures; tools/book/ does the work.
#
#   make docs                    the book in build/book/index.html
#   make docs EDITION=instructor the same with the reference solutions and
#                                the guides of docs/ as pages
#
# The literate checks (every ```{.c .run} block compiled against the library
# and solutions/, run, and compared with its ```{.output} block) run as part
# of the build; tools/book/book.py caches each program by a hash of its code
# and of everything it links, so a rebuild only reruns what changed.
# Figures: chapters/figures/<name>.c prints columns into <name>.dat, and
# gnuplot draws chapters/figures/<name>.gp with tools/book/style.gp into
# <name>.svg and <name>.png; make reruns whatever changed.

BOOK_OUT ?= build/book
BOOK_WORK := $(OUT)/book
EDITION ?= student
# Strict (a failing block fails the build) wherever solutions/ exists; the
# student edition has none, so its chapters keep their checked outputs.
BOOK_STRICT ?= $(if $(wildcard solutions),1,0)
BOOK_TIMEOUT ?= 60
# A link to a chapter file that does not exist: warn (shown as plain text)
# or error (the default, now that every chapter is in).
BOOK_MISSING_CHAPTERS ?= error

BOOK_SOL_SRC := $(wildcard solutions/*.c)
BOOK_SOL_OBJ := $(BOOK_SOL_SRC:solutions/%.c=$(BOOK_WORK)/solutions/%.o)
# The student edition has no solutions/: chapter programs that call an
# exercise function link the student's own exercise files instead. A program
# waiting for an unsolved exercise (a stub, or a file that does not compile
# yet) is not an error there: the book shows the reference output with a
# note, and runs it on the student's code once the exercise works.
BOOK_EX_SRC := $(if $(BOOK_SOL_SRC),,$(wildcard exercises/ex*.c))
BOOK_EX_OBJ := $(BOOK_EX_SRC:exercises/%.c=$(BOOK_WORK)/exercises/%.o)
BOOK_SOLLIB := $(if $(BOOK_SOL_SRC),$(BOOK_WORK)/libsolutions.a,$(if $(BOOK_EX_SRC),$(BOOK_WORK)/libexercises.a))
BOOK_FIG_SRC := $(wildcard chapters/figures/*.c)
BOOK_FIG_NAMES := $(BOOK_FIG_SRC:chapters/figures/%.c=%)
BOOK_FIG_BIN := $(BOOK_FIG_NAMES:%=$(BOOK_WORK)/figures/%)
BOOK_FIGS := $(foreach f,$(BOOK_FIG_NAMES),$(BOOK_OUT)/figures/$(f).svg $(BOOK_OUT)/figures/$(f).png)
BOOK_STAMP := $(BOOK_WORK)/html-stamp
BOOK_CONF := $(BOOK_WORK)/settings

# Where solutions/ exists (contributors), the book's programs, figures and
# the solutions they link are compiled as `make check` compiles them, with
# -Werror: book-check, book-bless and docs fail on a warning at once. The
# student edition only warns (l21 shows students their own warnings).
BOOK_CFLAGS = $(filter-out -Werror,$(CFLAGS_ALL)) $(if $(BOOK_SOL_SRC),-Werror)

BOOK_ARGS = --out $(BOOK_OUT) --work $(BOOK_WORK) --cc '$(CC)' --cflags '$(BOOK_CFLAGS) -Iexercises' \
            --ldlibs '$(LDLIBS_ALL)' --lib $(LIBWB) --sollib '$(BOOK_SOLLIB)' --edition $(EDITION) \
            --strict $(BOOK_STRICT) --timeout $(BOOK_TIMEOUT) --missing-chapters $(BOOK_MISSING_CHAPTERS)

# A change of edition, output folder or compiler flags rebuilds the pages.
BOOK_SETTINGS := $(EDITION) $(BOOK_OUT) $(BOOK_STRICT) $(CC) $(BOOK_CFLAGS) $(LDLIBS_ALL)
ifneq ($(filter all _all docs _docs,$(or $(MAKECMDGOALS),all)),)
ifneq ($(BOOK_SETTINGS),$(shell cat $(BOOK_CONF) 2>/dev/null))
$(shell mkdir -p $(BOOK_WORK) && echo '$(BOOK_SETTINGS)' >$(BOOK_CONF))
endif
endif

.PHONY: docs _docs book-figures book-check book-selftest book-bless
ifeq ($(filter _all,$(MAKECMDGOALS)),)
docs:
	$(ENSURE_DEPS)
	@$(MAKE) _docs
else
# Within `make` (all) the tools are already ensured, and building in the same
# make keeps `make -j` from building the library twice at the same time.
docs: _docs
endif

_all: docs

_docs: $(BOOK_STAMP)
	@echo "book: $(BOOK_OUT)/index.html"

book-figures: $(BOOK_FIGS)

# The literate checks alone, one PASS/FAIL line per block (tools/check.d/40-book.sh).
book-check: $(LIBWB) $(BOOK_SOLLIB)
	@python3 tools/book/book.py check $(BOOK_ARGS) $(if $(filter-out release,$(V)),--record-prefix $(V):) $(CHAPTERS)

# The checker checked: tests/book/*.md must fail (or pass) as they say.
book-selftest: $(LIBWB) $(BOOK_SOLLIB)
	@python3 tools/book/book.py selftest $(BOOK_ARGS)

# For chapter authors: fill the output blocks of CHAPTERS (default: all) with
# what the programs really print. Review `git diff` before committing.
book-bless: $(LIBWB) $(BOOK_SOLLIB)
	@python3 tools/book/book.py bless $(BOOK_ARGS) $(CHAPTERS)

$(BOOK_STAMP): $(LIBWB) $(BOOK_SOLLIB) $(BOOK_FIGS) $(BOOK_CONF) $(wildcard chapters/*.md) \
               $(wildcard exercises/exercises.tsv exercises/hints/*.md exercises/*.h solutions/*.c) \
               $(wildcard lib/*.h) $(wildcard tools/book/*) $(wildcard docs/*.md)
	@mkdir -p $(@D) $(BOOK_OUT)
	@echo '  BOOK $(BOOK_OUT) ($(EDITION) edition)'
	$(Q)python3 tools/book/book.py html $(BOOK_ARGS) --deps $(BOOK_WORK)/html.d --stamp $@
	@touch $@

# The reference solutions, for chapter programs that call exercise functions.
$(BOOK_WORK)/solutions/%.o: solutions/%.c
	@mkdir -p $(@D)
	@echo '  CC   $<'
	$(Q)$(CC) $(BOOK_CFLAGS) -Iexercises -c $< -o $@

# A student's file that does not compile becomes an empty object: the
# programs that need it wait (and `make test` shows the compiler's message).
$(BOOK_WORK)/exercises/%.o: exercises/%.c $(wildcard exercises/*.h lib/*.h)
	@mkdir -p $(@D)
	$(Q)$(CC) $(filter-out -Werror -MMD -MP,$(CFLAGS_ALL)) -Iexercises -c $< -o $@ >$@.log 2>&1 || \
	    $(CC) -x c -c /dev/null -o $@
$(BOOK_WORK)/libexercises.a: $(BOOK_EX_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^
$(BOOK_WORK)/libsolutions.a: $(BOOK_SOL_OBJ)
	@rm -f $@
	@echo '  AR   $@'
	$(Q)ar rcs $@ $^

# Figures: program -> data -> gnuplot (SVG for the pages, PNG for everything else).
# A figure program may call exercise functions (chapter 6 draws exercise 6's
# experiment). It links BOOK_SOLLIB, as the chapters' programs do: the
# reference solutions, or in the student edition the student's own exercise
# files (libexercises.a), so the figure shows the student's results once the
# exercise is solved, and until then a placeholder that says so.
#
# A figure is redrawn when its program, what the library is made of
# ($(LIBSUM)) or, for a figure calling exercise functions, the exercises'
# archive changed; not merely because the library was archived again (the
# student edition ships its figures drawn: tools/grade/dist.sh).
BOOK_FIG_EX_BIN := $(patsubst chapters/figures/%.c,$(BOOK_WORK)/figures/%,\
                     $(shell grep -l 'ex[0-9][0-9]_' $(BOOK_FIG_SRC) 2>/dev/null))
$(BOOK_FIG_EX_BIN): $(BOOK_SOLLIB)
ifneq ($(BOOK_SOL_SRC),)
$(BOOK_WORK)/figures/%: chapters/figures/%.c $(LIBSUM) | $(LIBWB) $(BOOK_SOLLIB)
	@mkdir -p $(@D)
	@echo '  CC   $<'
	$(Q)$(CC) $(BOOK_CFLAGS) -Iexercises $< -o $@ $(BOOK_SOLLIB) $(LIBWB) $(LDLIBS_ALL)
else
$(BOOK_WORK)/figures/%: chapters/figures/%.c $(LIBSUM) | $(LIBWB) $(BOOK_SOLLIB)
	@mkdir -p $(@D)
	@echo '  CC   $< (with exercises/)'
	$(Q)$(CC) $(filter-out -Werror -MMD -MP,$(CFLAGS_ALL)) -Iexercises $< -o $@ $(BOOK_SOLLIB) \
	    $(LIBWB) $(LDLIBS_ALL) >$@.log 2>&1 || \
	    { printf '#!/bin/sh\necho "does not build with your exercise files: $@.log" >&2\nexit 1\n' >$@; \
	      chmod +x $@; }
endif

$(BOOK_OUT)/figures/%.dat: $(BOOK_WORK)/figures/%
	@mkdir -p $(@D)
	@echo '  RUN  $< > $@'
	$(Q)if { $< >$@.tmp 2>$@.err; } 2>/dev/null; then mv $@.tmp $@; rm -f $@.err; \
	elif [ "$(BOOK_STRICT)" = 0 ]; then \
	    echo "  note: figure $* is drawn from an exercise that is not solved yet; a placeholder stands in"; \
	    echo '# figure-unavailable' >$@; rm -f $@.tmp; \
	else cat $@.err >&2; rm -f $@.tmp; exit 1; fi

# The figure's own script, or tools/book/placeholder.gp for an unavailable one.
BOOK_GNUPLOT = cd $(BOOK_OUT)/figures && gnuplot \
    -e "set loadpath '$(CURDIR)/tools/book' '$(CURDIR)/chapters/figures'; book_format='$(1)'; book_output='$(2)'" \
    $(CURDIR)/tools/book/style.gp \
    $$(if head -n 1 $(3).dat | grep -q figure-unavailable; then echo $(CURDIR)/tools/book/placeholder.gp; \
       else echo $(CURDIR)/chapters/figures/$(3).gp; fi)

$(BOOK_OUT)/figures/%.svg: $(BOOK_OUT)/figures/%.dat chapters/figures/%.gp tools/book/style.gp
	@echo '  PLOT $@'
	$(Q)$(call BOOK_GNUPLOT,svg,$*.svg,$*)

$(BOOK_OUT)/figures/%.png: $(BOOK_OUT)/figures/%.dat chapters/figures/%.gp tools/book/style.gp
	@echo '  PLOT $@'
	$(Q)$(call BOOK_GNUPLOT,png,$*.png,$*)

-include $(BOOK_WORK)/html.d $(BOOK_FIG_BIN:=.d) $(BOOK_SOL_OBJ:.o=.d)
