# lib.mk: the shared library (build/$(V)/libworkbook.a) and its tests.

LIB_SRC := $(wildcard lib/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(OUT)/%.o)
LIBWB := $(OUT)/libworkbook.a
# What the library is made of, as one hash (sources, headers, flags,
# compiler), rewritten only when it changes: the book's caches and the
# grading cache key on it, not on the archive's bytes (which hold this
# folder's path), so a prebuilt book stays valid in an unpacked copy.
LIBSUM := $(OUT)/libworkbook.sum

LIB_TEST_SRC := $(wildcard tests/lib/test_*.c)
LIB_TEST_SUPPORT := $(filter-out $(LIB_TEST_SRC),$(wildcard tests/lib/*.c))
LIB_TEST_BIN := $(LIB_TEST_SRC:%.c=$(OUT)/%)
LIB_TEST_SUPPORT_OBJ := $(LIB_TEST_SUPPORT:%.c=$(OUT)/%.o)

# The kernel files (and the optimisers' update loops) are built so that GCC vectorises their loops (lib/simd.h
# says why): the dynamic cost model allows the remainder loop and the
# overlap test a kernel over n floats needs. matmul.c also lets GCC fuse
# a * b + c into one FMA instruction where the processor has it (its
# results then differ from the unfused ones in the last bits; the
# element-wise kernels stay bit-exact, -std=c11 forbids fusing there).
# -fno-trapping-math: the library never enables floating-point traps, so
# GCC may compute both sides of a ?: and blend them. Without it, GCC 12
# keeps the selects of vecmath.h as branches for AVX2 ("control flow in
# loop") and only the AVX-512 clone, which has masked instructions, is
# vectorised: sigmoid ran at 10 ns per element on an AVX2 machine. It
# changes no result (no reassociation, no fusing, signed zeros and NaN kept).
# -fno-math-errno: sqrtf of a negative number may then skip setting errno
# (nothing here reads it), so that Adam's update loop, which calls sqrtf,
# becomes vector square roots (correctly rounded, as sqrtf is) instead of a
# loop with a call in it.
KERNEL_CFLAGS := -fvect-cost-model=dynamic -fno-trapping-math -fno-math-errno
$(OUT)/lib/activations.o $(OUT)/lib/ops.o $(OUT)/lib/optim.o $(OUT)/lib/conv2d.o $(OUT)/lib/batchnorm.o: FILE_CFLAGS := $(KERNEL_CFLAGS)
$(OUT)/lib/matmul.o: FILE_CFLAGS := $(KERNEL_CFLAGS) -ffp-contract=fast

.PHONY: lib lib-tests test-lib
lib: $(LIBWB)
lib-tests: $(LIB_TEST_BIN)

# Where workbook_data_dir() finds data/ (idx.h); only idx.c needs it.
$(OUT)/lib/idx.o: LIB_DEFS = -DWORKBOOK_DATA_DIR='"$(CURDIR)/data"'

# The flags above are part of what an object is made from.
$(OUT)/lib/%.o: lib/%.c mk/lib.mk mk/config.mk
	@mkdir -p $(@D)
	@echo '  CC   $<'
	$(Q)$(CC) $(CFLAGS_ALL) $(FILE_CFLAGS) $(LIB_DEFS) -c $< -o $@

$(LIBWB): $(LIB_OBJ) $(LIBSUM)
	@echo '  AR   $@'
	$(Q)tmp=$@.tmp.$$$$; rm -f $$tmp && ar rcs $$tmp $(LIB_OBJ) && mv -f $$tmp $@

# Checked on every run (a few ms), so that another compiler or other flags
# change it; a run that finds it unchanged leaves the file, and its time, alone.
# The scratch file is per process: two graders may check it at the same time.
.PHONY: libsum-check
$(LIBSUM): $(LIB_SRC) $(wildcard lib/*.h) mk/lib.mk mk/config.mk libsum-check
	@mkdir -p $(@D)
	@tmp=$@.tmp.$$$$; \
	{ $(CC) --version; echo '$(CFLAGS_ALL) $(KERNEL_CFLAGS)'; cat $(filter-out libsum-check,$^); } \
	    | sha256sum >$$tmp; \
	if cmp -s $$tmp $@; then rm -f $$tmp; else mv -f $$tmp $@; fi

$(OUT)/tests/lib/%.o: tests/lib/%.c
	@mkdir -p $(@D)
	@echo '  CC   $<'
	$(Q)$(CC) $(CFLAGS_ALL) $(CRITERION_CFLAGS) -Itests/lib -c $< -o $@

$(OUT)/tests/lib/test_%: $(OUT)/tests/lib/test_%.o $(LIB_TEST_SUPPORT_OBJ) $(LIBWB)
	@echo '  LD   $@'
	$(Q)$(CC) $^ -o $@ $(CRITERION_LIBS) $(LDLIBS_ALL)

# Runs every library test binary; tools/run_criterion.sh records each test.
test-lib: $(LIB_TEST_BIN)
	@tools/run_criterion.sh $(LIB_TEST_BIN)

-include $(LIB_OBJ:.o=.d) $(LIB_TEST_BIN:=.d) $(LIB_TEST_SUPPORT_OBJ:.o=.d)
