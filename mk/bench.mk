# bench.mk: make bench and make bench-compare, performance figures.
#
#   make bench           every bench/bench_*.c, then the grading time; table
#                        on stdout, rows in build/bench/results.csv
#   make bench-compare   the same, then PyTorch's figures (bench/compare.py)
#
# Every bench/bench_*.c is a program linked with bench/timing.c and the
# library, built in the release variant (-O2, no sanitizers: timing a
# sanitized build measures the sanitizer). The CSV has the columns
# benchmark,size,metric,value; bench/README.md lists the rows. Nothing is
# asserted: see bench/timing.h. Everything runs on one thread.

BENCH_OUT ?= build/bench
BENCH_SRC := $(wildcard bench/bench_*.c)
BENCH_BIN := $(BENCH_SRC:%.c=$(OUT)/%)
BENCH_SUPPORT_OBJ := $(OUT)/bench/timing.o

.PHONY: bench _bench bench-build bench-compare
bench:
	$(ENSURE_DEPS)
	@$(MAKE) V=release _bench

bench-compare:
	$(ENSURE_DEPS)
	@$(MAKE) V=release _bench
	@python3 bench/compare.py $(BENCH_OUT)/results.csv

bench-build: $(BENCH_BIN)

_bench: $(BENCH_BIN)
	@mkdir -p $(BENCH_OUT)
	@rm -f $(BENCH_OUT)/results.csv
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b $(BENCH_OUT)/results.csv || exit 1; done
	@echo "== grading the solved workbook (bench/grade_time.sh)"
	@MAKE="$(MAKE)" bench/grade_time.sh $(BENCH_OUT)/results.csv
	@echo "== the explorable book's figures, native and in the browser (bench/wasm_time.sh)"
	@MAKE="$(MAKE)" bench/wasm_time.sh $(BENCH_OUT)/results.csv
	@echo "results: $(BENCH_OUT)/results.csv"

$(OUT)/bench/%.o: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Ibench -c $< -o $@

$(OUT)/bench/bench_%: $(OUT)/bench/bench_%.o $(BENCH_SUPPORT_OBJ) $(LIBWB)
	$(CC) $^ -o $@ $(LDLIBS_ALL)

-include $(BENCH_BIN:=.d) $(BENCH_SUPPORT_OBJ:.o=.d)
