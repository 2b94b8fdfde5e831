# wasm.mk: the explorable book's WebAssembly build (make wasm).
#
#   make wasm    the library and each explorable figure's program, for
#                wasm32-wasi, in build/wasm/ (part of make docs when the
#                toolchain is here)
#
# A figure is explorable when chapters/figures/<name>.explore exists (the
# page's controls: tools/book/README.md). Its program, the same C file the
# static figure runs, is built with Debian's clang-14, lld-14 and wasi-libc
# (`make deps` installs them; they are optional: without them make docs
# builds the static book and says in one line what is missing). -msimd128
# lets clang vectorise the library's kernel loops with WebAssembly SIMD
# (lib/simd.h: clang gets the plain portable loops). The wasm has no zlib:
# tools/wasm/include/zlib.h reads plain files, and the page's worker unpacks
# data/mnist's gzip files before the program runs.
# The pages load everything with <script> elements (a book opened from disk
# may not fetch files or start a Worker from a file), so each program and
# each data set is copied into $(BOOK_OUT)/wasm/ as a script that holds it
# in base64 (tools/wasm/embed.py).

WASM_CC ?= clang-14
WASM_AR ?= llvm-ar-14
WASM_SYSROOT ?= /usr
WASM_OUT := build/wasm
WASM_TARGET = --target=wasm32-wasi --sysroot=$(WASM_SYSROOT)
WASM_CFLAGS = $(WASM_TARGET) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -msimd128 -MMD -MP \
              -Itools/wasm/include -Ilib -Iexercises -Ichapters/figures
WASM_FIGS := $(patsubst chapters/figures/%.explore,%,$(wildcard chapters/figures/*.explore))
WASM_LIB := $(WASM_OUT)/libworkbook.a
WASM_LIB_OBJ := $(LIB_SRC:%.c=$(WASM_OUT)/%.o)
# The exercise functions a figure calls: the reference solutions, or in the
# student edition the student's own files (as in book.mk).
WASM_SOL_SRC := $(or $(BOOK_SOL_SRC),$(BOOK_EX_SRC))
WASM_SOL_OBJ := $(WASM_SOL_SRC:%.c=$(WASM_OUT)/%.o)
WASM_SOLLIB := $(WASM_OUT)/libsolutions.a
WASM_BIN := $(WASM_FIGS:%=$(WASM_OUT)/figures/%.wasm)
WASM_DATA := $(BOOK_OUT)/wasm/mnist-train.js
WASM_BOOK := $(WASM_FIGS:%=$(BOOK_OUT)/wasm/%.js) $(WASM_DATA)
# The packages missing here (empty: the toolchain is complete); asked once.
WASM_MISSING = $(eval WASM_MISSING := $$(shell tools/wasm/toolchain.sh $(WASM_CC) $(WASM_SYSROOT) $(WASM_AR)))$(WASM_MISSING)

.PHONY: wasm wasm-note
wasm:
	@if [ -n "$(WASM_MISSING)" ]; then \
	    echo "wasm: missing $(WASM_MISSING) (make deps installs them)" >&2; exit 1; fi
	@$(MAKE) $(WASM_BIN)

ifneq ($(filter docs _docs all _all,$(or $(MAKECMDGOALS),all)),)
ifeq ($(WASM_MISSING),)
$(BOOK_STAMP): $(WASM_BOOK) $(wildcard tools/book/explore/* chapters/figures/*.explore)
else
_docs: wasm-note
wasm-note:
	@if ls $(BOOK_OUT)/wasm/*.js >/dev/null 2>&1; then \
	    echo "book: no WebAssembly toolchain (missing $(WASM_MISSING)): the explorable figures keep the programs already in $(BOOK_OUT)/wasm"; \
	else echo "book: static figures only, none explorable: missing $(WASM_MISSING) (make deps installs them)"; fi
endif
endif

$(WASM_OUT)/lib/idx.o: WASM_DEFS = -DWORKBOOK_DATA_DIR='"/data"'
$(WASM_OUT)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	@echo '  WASM $<'
	$(Q)$(WASM_CC) $(WASM_CFLAGS) $(WASM_DEFS) -c $< -o $@

# A student's exercise file that does not compile becomes an empty object
# (the figure's page then reports the program's failure, as book.mk does).
$(WASM_OUT)/%.o: %.c
	@mkdir -p $(@D)
	@echo '  WASM $<'
	$(Q)$(WASM_CC) $(WASM_CFLAGS) -c $< -o $@ >$@.log 2>&1 || \
	    { [ -z "$(BOOK_SOL_SRC)" ] && $(WASM_CC) $(WASM_TARGET) -x c -c /dev/null -o $@; } || \
	    { cat $@.log >&2; exit 1; }

$(WASM_LIB): $(WASM_LIB_OBJ)
	@rm -f $@
	$(Q)$(WASM_AR) rcs $@ $^
$(WASM_SOLLIB): $(WASM_SOL_OBJ)
	@rm -f $@
	$(Q)$(WASM_AR) rcs $@ $^

# In the student edition a figure that calls an exercise which does not
# build yet becomes a program that says so (the page shows its message), as
# book.mk does for the native figure.
$(WASM_OUT)/figures/%.wasm: chapters/figures/%.c $(WASM_SOLLIB) $(WASM_LIB) mk/wasm.mk
	@mkdir -p $(@D)
	@echo '  WASM $@'
	$(Q)$(WASM_CC) $(WASM_CFLAGS) $< -o $@ $(WASM_SOLLIB) $(WASM_LIB) -lm -Wl,--strip-all >$@.log 2>&1 || \
	    { [ -z "$(BOOK_SOL_SRC)" ] && printf '%s\n' '#include <stdio.h>' \
	        'int main(void) { fputs("$* does not build with your exercise files yet\n", stderr); return 1; }' | \
	        $(WASM_CC) $(WASM_TARGET) -x c - -o $@; } || { cat $@.log >&2; exit 1; }

$(BOOK_OUT)/wasm/%.js: $(WASM_OUT)/figures/%.wasm tools/wasm/embed.py
	@mkdir -p $(@D)
	$(Q)python3 tools/wasm/embed.py $@ WORKBOOK_WASM $*=$<

$(WASM_DATA): $(wildcard data/mnist/train-*.gz) tools/wasm/embed.py
	@mkdir -p $(@D)
	$(Q)python3 tools/wasm/embed.py $@ WORKBOOK_DATA \
	    $(foreach f,$(wildcard data/mnist/train-*.gz),mnist/$(notdir $(f))=$(f))

-include $(WASM_LIB_OBJ:.o=.d) $(WASM_SOL_OBJ:.o=.d) $(WASM_BIN:.wasm=.d)
