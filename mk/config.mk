# config.mk: compilers, flags and the build variant.
#
# V selects the variant: release (default) or asan (AddressSanitizer and
# UndefinedBehaviorSanitizer, used by make check). Each variant builds into
# its own folder, build/$(V), so both can exist side by side.

V ?= release
# V=1 is not a variant: it means "show everything" (the commands, and plain
# make's progress lines, which it otherwise keeps in build/make.log).
ifeq ($(V),1)
override V := release
VERBOSE := 1
endif
OUT := build/$(V)

CC ?= cc
WARNINGS := -Wall -Wextra -Wshadow -Wconversion -Wdouble-promotion -Wstrict-prototypes \
            -Wmissing-prototypes -Wvla
# What students see when their exercises are graded: WARNINGS without the
# ones that fire on the code the chapters ask for (-Wdouble-promotion on a
# float added to a double sum, -Wsign-conversion on index arithmetic), so
# that every warning shown means something; tools/grade/warning_notes.py
# says in one line what each means. -Wmaybe-uninitialized stays: no
# reference or independent correct solution triggers it, and it names the
# real bug of tests/grader/feedback/uninit_pointer.
STUDENT_WARNINGS := $(filter-out -Wdouble-promotion,$(WARNINGS)) -Wno-sign-conversion
# make check adds -Werror; everyday builds only warn.
WERROR ?=

SAN_release :=
SAN_asan := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT_release := -O2
OPT_asan := -O1

CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT_$(V)) -g $(SAN_$(V)) \
             $(WARNINGS) $(WERROR) -MMD -MP -Ilib $(CFLAGS)
LDLIBS_ALL = $(SAN_$(V)) $(LDFLAGS) -lz -lm

CRITERION_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRITERION_LIBS = $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

# Quiet by default: one short line per file. `make VERBOSE=1` shows commands.
ifeq ($(VERBOSE),1)
Q :=
else
Q := @
endif
