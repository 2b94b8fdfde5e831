# bench.mk: make bench, performance figures (build/bench/results.csv).
#
# Every bench/bench_*.c is a program linked with bench/timing.c and the
# library; make bench builds them in the release variant (-O2, no
# sanitizers: timing a sanitized build measures the sanitizer), runs each,
# prints its table and collects the rows in $(BENCH_OUT)/results.csv.
# Nothing is asserted: see bench/timing.h.

BENCH_OUT ?= build/bench
BENCH_SRC := $(wildcard bench/bench_*.c)
BENCH_BIN := $(BENCH_SRC:%.c=$(OUT)/%)
BENCH_SUPPORT_OBJ := $(OUT)/bench/timing.o

.PHONY: bench _bench bench-build
bench:
	$(ENSURE_DEPS)
	@$(MAKE) V=release _bench

bench-build: $(BENCH_BIN)

_bench: $(BENCH_BIN)
	@mkdir -p $(BENCH_OUT)
	@rm -f $(BENCH_OUT)/results.csv
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b $(BENCH_OUT)/results.csv || exit 1; done
	@echo "results: $(BENCH_OUT)/results.csv"

$(OUT)/bench/%.o: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Ibench -c $< -o $@

$(OUT)/bench/bench_%: $(OUT)/bench/bench_%.o $(BENCH_SUPPORT_OBJ) $(LIBWB)
	$(CC) $^ -o $@ $(LDLIBS_ALL)

-include $(BENCH_BIN:=.d) $(BENCH_SUPPORT_OBJ:.o=.d)
