# qk — one flat Makefile.  `make`, `make check`, `make demo`, `make bench`,
# `make install PREFIX=… DESTDIR=…`.  `make check SANITIZE=1` builds and
# tests with AddressSanitizer and UBSan in build-san/.

VERSION = 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/qk
MANDIR = $(PREFIX)/share/man

CC ?= cc
PKGS = libxml-2.0 libarchive nettle zlib
# Evaluated when used, so that scripts/install-deps can run first.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))

CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Werror
DEFS = -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
	-DQK_VERSION='"$(VERSION)"' -DQK_SRCDIR='"$(CURDIR)"'

ifeq ($(SANITIZE),1)
O = build-san
BIN = build-san/bin
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
else
O = build
BIN = bin
SANFLAGS =
endif

ALL_CFLAGS = $(DEFS) $(WARN) $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -Ilib
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
LIBS = $(PKG_LIBS) -lpthread

TOOLS = qk-audit qk-intake qk-pack qk-report qk-route

LIB_SRCS =
LIB_SRCS += lib/arena.c
LIB_SRCS += lib/audit.c
LIB_SRCS += lib/bag.c
LIB_SRCS += lib/bagcheck.c
LIB_SRCS += lib/briefing.c
LIB_SRCS += lib/cal.c
LIB_SRCS += lib/case.c
LIB_SRCS += lib/catalog.c
LIB_SRCS += lib/chain.c
LIB_SRCS += lib/cli.c
LIB_SRCS += lib/data.c
LIB_SRCS += lib/date.c
LIB_SRCS += lib/deadline.c
LIB_SRCS += lib/findings.c
LIB_SRCS += lib/idno.c
LIB_SRCS += lib/idpack.c
LIB_SRCS += lib/idset.c
LIB_SRCS += lib/input.c
LIB_SRCS += lib/jobs.c
LIB_SRCS += lib/intake.c
LIB_SRCS += lib/keyset.c
LIB_SRCS += lib/kpi.c
LIB_SRCS += lib/lint.c
LIB_SRCS += lib/map.c
LIB_SRCS += lib/mask.c
LIB_SRCS += lib/msg.c
LIB_SRCS += lib/node.c
LIB_SRCS += lib/output.c
LIB_SRCS += lib/pack.c
LIB_SRCS += lib/queues.c
LIB_SRCS += lib/records.c
LIB_SRCS += lib/replay.c
LIB_SRCS += lib/report.c
LIB_SRCS += lib/roster.c
LIB_SRCS += lib/route.c
LIB_SRCS += lib/run.c
LIB_SRCS += lib/seq.c
LIB_SRCS += lib/targets.c
LIB_SRCS += lib/text.c
LIB_SRCS += lib/value.c
LIB_SRCS += lib/writer.c

LIB_OBJS = $(LIB_SRCS:%.c=$(O)/%.o)
LIBQK = $(O)/libqk.a

UNIT_SRCS = $(wildcard tests/unit/*.c)
UNIT_OBJS = $(UNIT_SRCS:%.c=$(O)/%.o)
UNIT = $(O)/tests/unit-tests
# The sample-data generator of the tests, the demo and the bench.
GEN = $(O)/tests/qk-gen
# The ceiling of the bench: libxml2's SAX2 parse with empty callbacks.
PROBE = $(O)/tests/sax-probe


all: $(TOOLS:%=$(BIN)/%) $(UNIT) $(GEN)

# A fresh Debian machine has no compiler, libraries or test tools yet.
deps:
	@scripts/check-deps || scripts/install-deps

$(O)/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBQK): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

$(BIN)/%: $(O)/cmd/%.o $(LIBQK)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBQK) $(LIBS)

$(O)/tests/unit/list.h: $(UNIT_SRCS)
	@mkdir -p $(@D)
	grep -h '^QK_TEST(' $(UNIT_SRCS) | sed 's/^QK_TEST(\([a-z0-9_]*\)).*/X(\1)/' >$@.tmp
	mv $@.tmp $@

$(O)/tests/unit/main.o: $(O)/tests/unit/list.h
$(O)/tests/unit/main.o: ALL_CFLAGS += -I$(O)/tests/unit

$(UNIT): $(UNIT_OBJS) $(LIBQK)
	$(CC) $(ALL_LDFLAGS) -o $@ $(UNIT_OBJS) $(LIBQK) $(LIBS)

$(O)/tests/%: $(O)/tests/%.o $(LIBQK)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBQK) $(LIBS)

check: all
	QK_BIN=$(CURDIR)/$(BIN) QK_BUILD=$(CURDIR)/$(O) QK_VALGRIND=$(VALGRIND) prove -f $(TESTS)

demo: all
	QK_BIN=$(CURDIR)/$(BIN) QK_BUILD=$(CURDIR)/$(O) scripts/demo

N ?= 200000
bench: all $(PROBE)
	QK_BIN=$(CURDIR)/$(BIN) QK_BUILD=$(CURDIR)/$(O) scripts/bench $(N)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/schema $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(TOOLS:%=$(BIN)/%) $(DESTDIR)$(BINDIR)
	install -m 0644 share/qk/*.xml share/qk/*.txt $(DESTDIR)$(DATADIR)
	install -m 0644 share/qk/schema/*.rng $(DESTDIR)$(DATADIR)/schema
	install -m 0644 $(TOOLS:%=share/man/man1/%.1) $(DESTDIR)$(MANDIR)/man1
	install -m 0644 share/qk/*.xsl $(DESTDIR)$(DATADIR)
	install -m 0755 scripts/qk-handbook $(DESTDIR)$(BINDIR)
	install -m 0644 share/man/man1/qk-handbook.1 $(DESTDIR)$(MANDIR)/man1
	install -m 0755 scripts/qk-flow $(DESTDIR)$(BINDIR)/qk-daily
	install -m 0755 scripts/qk-flow $(DESTDIR)$(BINDIR)/qk-evening
	install -m 0755 scripts/qk-flow $(DESTDIR)$(BINDIR)/qk-nightly
	install -m 0755 scripts/qk-flow $(DESTDIR)$(BINDIR)/qk-monthly
	install -m 0644 share/man/man1/qk-workflow.1 share/man/man1/qk-daily.1 share/man/man1/qk-evening.1 share/man/man1/qk-nightly.1 share/man/man1/qk-monthly.1 $(DESTDIR)$(MANDIR)/man1
	install -d $(DESTDIR)$(MANDIR)/man7
	install -m 0644 share/man/man7/qk.7 $(DESTDIR)$(MANDIR)/man7
	install -m 0644 share/qk/crontab.example $(DESTDIR)$(DATADIR)

# The Debian package, build/qk_VERSION_ARCH.deb, from a staged install.
deb: all
	rm -rf build/deb
	$(MAKE) install DESTDIR=$(CURDIR)/build/deb/root PREFIX=/usr
	scripts/mkdeb build/deb/root build $(VERSION)

# cppcheck, when it is installed (it is not one of the build dependencies).
lint:
	@if command -v cppcheck >/dev/null; then \
		cppcheck --quiet --error-exitcode=1 --std=c11 \
		--enable=warning,portability --inline-suppr -Ilib lib cmd tests; \
	else echo "lint: cppcheck is not installed; skipped"; fi

clean:
	rm -rf build build-san bin build-fuzz

.PHONY: all deps check demo bench install lint clean deb

# ---- Hardening: fuzzing, the replay of kept inputs, valgrind -------------
# `make fuzz` runs each libFuzzer harness of tests/fuzz/ for FUZZ_TIME
# seconds (clang, ASan and UBSan, objects in build-fuzz/); `make check`
# replays the seed corpus and every kept input (tests/fuzz/regress/)
# through the same harnesses built without libFuzzer (tests/fuzz/driver.c).
# `make check VALGRIND=1` runs the tools under valgrind's memcheck;
# `make check TESTS='tests/01*.t'` runs part of the suite.
TESTS ?= tests/*.t
VALGRIND ?=
FUZZ_HARNESSES = reader intake apply audit kpi merge pack-verify calendar \
	catalog roster route-fixpoint
FUZZ_TIME ?= 60
FUZZ_CC ?= clang
FUZZ_O = build-fuzz
FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_SAN = address,undefined
FUZZ_LIB_OBJS = $(LIB_SRCS:%.c=$(FUZZ_O)/%.o)
FUZZ_COMMON = tests/fuzz/fuzz.o
FUZZ_BINS = $(FUZZ_HARNESSES:%=$(FUZZ_O)/fuzz-%)
FUZZ_REPLAY = $(FUZZ_HARNESSES:%=$(O)/tests/fuzz/replay-%)

$(FUZZ_O)/%.o: %.c | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(DEFS) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) \
		$(PKG_CFLAGS) -Ilib -MMD -MP -c -o $@ $<

$(FUZZ_O)/libqk.a: $(FUZZ_LIB_OBJS)
	rm -f $@
	ar rcs $@ $(FUZZ_LIB_OBJS)

$(FUZZ_O)/fuzz-%: $(FUZZ_O)/tests/fuzz/%.o $(FUZZ_O)/$(FUZZ_COMMON) $(FUZZ_O)/libqk.a
	$(FUZZ_CC) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $^ $(LIBS)

$(O)/tests/fuzz/replay-%: $(O)/tests/fuzz/%.o $(O)/$(FUZZ_COMMON) \
		$(O)/tests/fuzz/driver.o $(LIBQK)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

check: $(FUZZ_REPLAY)

fuzz-build: $(FUZZ_BINS)

# Each harness in turn: new inputs go to build-fuzz/corpus/NAME, findings
# to build-fuzz/NAME-crash-* (keep them in tests/fuzz/regress/NAME/).
fuzz: $(FUZZ_BINS)
	@for h in $(FUZZ_HARNESSES); do \
		mkdir -p $(FUZZ_O)/corpus/$$h tests/fuzz/regress/$$h && \
		echo "fuzz: $$h, $(FUZZ_TIME) s" && \
		$(FUZZ_O)/fuzz-$$h -max_total_time=$(FUZZ_TIME) -timeout=10 \
			-rss_limit_mb=2048 -dict=tests/fuzz/qk.dict \
			-artifact_prefix=$(FUZZ_O)/$$h- $(FUZZ_O)/corpus/$$h \
			tests/fuzz/corpus/$$h tests/fuzz/regress/$$h \
			2>$(FUZZ_O)/$$h.log; \
		st=$$?; tail -n 3 $(FUZZ_O)/$$h.log; \
		[ $$st -eq 0 ] || { echo "fuzz: $$h found something: $(FUZZ_O)/$$h.log"; exit 1; }; \
	done

.PHONY: fuzz fuzz-build
-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_BINS:%=%.d)
# ---- end of hardening -----------------------------------------------------

-include $(LIB_OBJS:.o=.d) $(TOOLS:%=$(O)/cmd/%.d) $(UNIT_OBJS:.o=.d) $(GEN).d $(PROBE).d $(FUZZ_HARNESSES:%=$(O)/tests/fuzz/%.d)
.SECONDARY:
