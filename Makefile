# hardconf - GNU make build.
#
#   make                 library (static + shared), CLI and hardconf.pc under build/
#   make check           build and run every test (unit, fixtures, CLI, man pages, install)
#   make check-goldens   the CLI's output in every format against tests/goldens/;
#                        make update-goldens rewrites them after an intended change
#   make demo            lint the sample files in examples/
#   make asan            the test suite under AddressSanitizer + UBSan
#                        (same as: make check SANITIZE=address,undefined)
#   make tsan            the test suite under ThreadSanitizer
#   make valgrind        the unit tests under valgrind memcheck (all but the hostile
#                        suite: megabyte inputs, covered by make asan)
#   make fuzz            libFuzzer on FUZZ_HARNESS (lint or config) for FUZZ_SECONDS (60)
#   make install / uninstall   honour PREFIX and DESTDIR
#   make pgo             a profile-guided build (GCC) under build/pgo: counted over
#                        testdata/ and examples/, 7% faster on a large file
#   make bench           hardconf against xmllint on the same inputs (bench/;
#                        ONLY=big,findings,floor,rss,settings,tree,small,corpus,
#                        site,located,deep,hosting)
#   make lint            cppcheck and clang-tidy;  make format / format-check
#
# Missing build dependencies are installed with apt-get when running as root
# on Debian/Ubuntu; otherwise the build stops and names the packages.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
LD ?= ld
OBJCOPY ?= objcopy
VERSION := 0.1.0
SOVERSION := 0

# Warnings we hold the code to, with gcc and clang alike.
WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
REQUIRED_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARNINGS) -fPIC -fvisibility=hidden \
	-Iinclude -Ilib -DHARDCONF_BUILDING

comma := ,
ifdef SANITIZE
BUILD ?= build/san-$(subst $(comma),-,$(SANITIZE))
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SAN_FLAGS :=
endif

# Debian packages of the build; the libraries a static link needs are derived
# from pkg-config --static by tests/ensure-deps.sh.  TEST_TOOLS are programs
# make check runs, as command:package.
DEB_PACKAGES := build-essential pkg-config libxml2-dev libpcre2-dev check
TEST_TOOLS := git:git python3:python3 groff:groff-base chromium:chromium
PKGS := libxml-2.0 libpcre2-8

# PCRE2 is loaded by the first search that needs it (lib/util/re.c says
# why), by the soname PCRE2_SONAME.  PCRE2_LINK=linked links it as usual:
# for a platform without dlopen, or a fully static program.
PCRE2_LINK ?= dlopen
PCRE2_SONAME ?= libpcre2-8.so.0
ifeq ($(PCRE2_LINK),linked)
LINKED_PKGS := $(PKGS)
PCRE2_CFLAGS := -DHC_PCRE2_LINKED
DL_LIBS :=
else
LINKED_PKGS := libxml-2.0
PCRE2_CFLAGS := -DHC_PCRE2_SONAME='"$(PCRE2_SONAME)"'
# dlopen is in libc since glibc 2.34 (libdl.a is empty there); before, and
# on some other systems, it is in libdl.
DL_LIBS := -ldl
endif
# What the installed library needs.
PC_REQUIRES := $(LINKED_PKGS)
PC_LIBS_PRIVATE := -lpthread $(DL_LIBS)

# pkg-config is asked once, on first use, after the deps target had its
# chance to install what was missing.  lazy caches the answer in a variable of
# its own (PC_...): caching it in the variable being defined would drop what
# follows the call (DEP_LIBS lost -lpthread after its first use).
lazy = $(if $(filter undefined,$(origin PC_$1)),$(eval PC_$1 := $$(shell $2)))$(PC_$1)
DEP_CFLAGS = $(call lazy,DEP_CFLAGS,$(PKG_CONFIG) --cflags $(PKGS))
DEP_LIBS = $(call lazy,DEP_LIBS,$(PKG_CONFIG) --libs $(LINKED_PKGS)) -lpthread $(DL_LIBS)
PCRE2_LIBS = $(call lazy,PCRE2_LIBS,$(PKG_CONFIG) --libs libpcre2-8)
CHECK_CFLAGS = $(call lazy,CHECK_CFLAGS,$(PKG_CONFIG) --cflags check)
CHECK_LIBS = $(call lazy,CHECK_LIBS,$(PKG_CONFIG) --libs check)

# Compiled as Debian compiles its packages (dpkg-buildflags): canaries in
# the functions that hold arrays on the stack, probes against a stack clash,
# and glibc's checked memory and string functions where a size is known.
# The files linted come from untrusted repositories; this costs 1%-2% of a
# 50k-site file.  _FORTIFY_SOURCE needs the optimizer: not at -O0.
HARDEN_CFLAGS := -fstack-protector-strong -fstack-clash-protection
OPT_LEVEL = $(lastword $(filter -O%,$(CFLAGS)))
FORTIFY = $(if $(filter-out -O0,$(OPT_LEVEL)),-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2)
ALL_CFLAGS = $(REQUIRED_CFLAGS) $(PCRE2_CFLAGS) $(DEP_CFLAGS) $(SAN_FLAGS) $(HARDEN_CFLAGS) \
	$(FORTIFY) $(BIND_CFLAGS) $(CFLAGS) $(CPPFLAGS)
# Full RELRO: the GOT is bound at start-up and made read-only, so a memory
# bug in a parse of hostile input cannot redirect a library call through it.
# It also costs less than lazy binding: a one-file run binds some 70 library
# functions on first call, each through the dynamic loader's resolver (2%
# of one small web.config's wall time).  Before LDFLAGS: -Wl,-z,lazy there
# wins.
HARDEN_LDFLAGS := -Wl,-z,relro,-z,now
# Bound at start-up, a library function needs no PLT stub either: -fno-plt
# calls it through its GOT entry, a jump less per call, and the scanner
# calls strlen(), strcmp() and libxml2 a dozen times an element.  Before
# CFLAGS: -fplt there wins.
BIND_CFLAGS := -fno-plt
ALL_LDFLAGS = $(SAN_FLAGS) $(HARDEN_LDFLAGS) $(LDFLAGS)

LIB_SRC := $(sort $(wildcard lib/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard cli/*.c)))
TEST_SRC := $(filter-out tests/alloc.c,$(sort $(wildcard tests/*.c)))
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

STATIC_LIB := $(BUILD)/libhardconf.a
SHARED_LIB := $(BUILD)/libhardconf.so.$(VERSION)
SHARED_SONAME := libhardconf.so.$(SOVERSION)
CLI := $(BUILD)/hardconf
TEST_RUNNER := $(BUILD)/tests/run-tests
PC_FILE := $(BUILD)/hardconf.pc
MAN_PAGES := man/hardconf.1 man/libhardconf.3 man/hardconf-rules.7
RULES_PAGE_TOOL := $(BUILD)/make-rules-page

.PHONY: FORCE all deps man bench corpus-report check check-unit check-alloc check-cli check-fix \
	check-html screenshot check-sarif check-hook check-man check-symbols check-link check-layers check-install demo asan tsan \
	valgrind install uninstall clean lint format format-check check-goldens update-goldens pgo \
	check-pgo

all: $(STATIC_LIB) $(SHARED_LIB) $(BUILD)/libhardconf.so $(CLI) $(PC_FILE)

deps:
	@CC="$(CC)" sh tests/ensure-deps.sh "$(PKG_CONFIG)" "$(PKGS) check" "$(DEB_PACKAGES)" \
		"$(TEST_TOOLS)"

# The compiler and flags the objects were built with: an object is built
# again when they change (a new default here, CFLAGS on the command line),
# not only when its sources do.
COMPILE_FLAGS = $(subst ','\'',$(CC) $(ALL_CFLAGS))
$(BUILD)/cflags: FORCE | deps
	@mkdir -p $(@D)
	@echo '$(COMPILE_FLAGS)' | cmp -s - $@ || echo '$(COMPILE_FLAGS)' >$@

$(BUILD)/%.o: %.c $(BUILD)/cflags | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c $(BUILD)/cflags | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -MMD -MP -c $< -o $@

# The archive holds one relocatable object whose internal symbols are made
# local, so a static link sees only the hardconf_* API (as the .so does) and
# helper names like report_new cannot clash with the user's own.
$(STATIC_LIB): $(LIB_OBJ)
	rm -f $@ $(BUILD)/libhardconf-all.o
	$(LD) -r -o $(BUILD)/libhardconf-all.o $^
	$(OBJCOPY) --localize-hidden $(BUILD)/libhardconf-all.o
	$(AR) rcs $@ $(BUILD)/libhardconf-all.o

$(SHARED_LIB): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SHARED_SONAME) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

$(BUILD)/libhardconf.so: $(SHARED_LIB)
	ln -sf libhardconf.so.$(VERSION) $(BUILD)/$(SHARED_SONAME)
	ln -sf $(SHARED_SONAME) $@

# Position-independent whatever the compiler's default: the CLI reads
# untrusted files, and keeps its address-space randomisation.
$(CLI): $(CLI_OBJ) $(STATIC_LIB)
	$(CC) $(ALL_LDFLAGS) -pie -o $@ $^ $(DEP_LIBS)

# Paths under PREFIX are written as ${prefix}/..., so the file stays right
# when pkg-config relocates the prefix.  Regenerated on every build: PREFIX
# may differ between make and make install.
relative = $(patsubst $(PREFIX)%,$${prefix}%,$1)
$(PC_FILE): lib/hardconf.pc.in FORCE
	@mkdir -p $(@D)
	@sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(call relative,$(LIBDIR))|' \
		-e 's|@INCLUDEDIR@|$(call relative,$(INCLUDEDIR))|' -e 's|@VERSION@|$(VERSION)|' \
		-e 's|@REQUIRES@|$(PC_REQUIRES)|' -e 's|@LIBS_PRIVATE@|$(PC_LIBS_PRIVATE)|' $< > $@

FORCE:

# The unit tests reach internal modules (value.h, source.h): link the objects.
# They count the library's pread() calls (test_source.c), the parser
# contexts it makes (test_lint.c) and its dlopen() calls (test_rules.c, which
# also calls PCRE2 itself).
$(TEST_RUNNER): $(TEST_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -Wl,--wrap=pread,--wrap=__pread_chk,--wrap=xmlNewParserCtxt \
		-Wl,--wrap=dlopen -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS) $(PCRE2_LIBS)

ifdef SANITIZE
# Under sanitizers: the code's own tests, unforked so LeakSanitizer sees leaks.
check: check-unit check-alloc fuzz-replay check-cli
check-unit: export CK_FORK = no
else
check: check-unit check-alloc fuzz-replay check-cli check-sarif check-hook check-man \
	check-symbols check-link check-layers check-install check-goldens check-fix check-html
endif

check-unit: $(TEST_RUNNER)
	HARDCONF_TESTDATA=testdata $(TEST_RUNNER)

# Every library allocation made to fail in turn, on a few fixtures of each kind.
ALLOC_RUNNER := $(BUILD)/tests/run-alloc-tests
ALLOC_FIXTURES := testdata/HC1001/fires-mixed-case-and-spaces.config \
	testdata/HC2003/fires-explicit-and-inherited.config testdata/HC2014/fires-inherited-none.config \
	testdata/HC0007/fires-twice-in-system-web.config testdata/HC3001/fires-network-service.xml \
	testdata/HC0001/fires-unclosed.config examples/web.config \
	testdata/chains/retail-notes/machine.config,testdata/chains/retail-notes/web.config \
	testdata/HC0010/fires-override-mode-default/applicationHost.config,testdata/HC0010/fires-override-mode-default/web.config \
	testdata/chains/include-linted/web.config \
	testdata/HC0010/fires-lock-elements/web.config,testdata/HC0010/fires-lock-elements/sub/web.config \
	testdata/chains/transform-keeps-base-positions/Web.config+testdata/chains/transform-keeps-base-positions/Web.Release.config \
	testdata/chains/parent-transform-adds-lock/Web.config+testdata/chains/parent-transform-adds-lock/Web.Release.config,testdata/chains/parent-transform-adds-lock/admin/web.config \
	@testdata/chains/retail-notes/machine.config,testdata/chains/retail-notes/web.config \
	@testdata/HC0010/fires-lock-elements/web.config,testdata/HC0010/fires-lock-elements/sub/web.config \
	@testdata/chains/parent-transform-adds-lock/Web.config+testdata/chains/parent-transform-adds-lock/Web.Release.config,testdata/chains/parent-transform-adds-lock/admin/web.config \
	@testdata/chains/locations-left-out/web.config,testdata/chains/locations-left-out/admin/web.config \
	?testdata/chains/parent-transform-adds-lock/admin/web.config,testdata/chains/parent-transform-adds-lock/Web.Release.config,testdata/chains/parent-transform-adds-lock/admin/web.config,testdata/HC1001/fires-mixed-case-and-spaces.config
$(BUILD)/tests/alloc.o: tests/alloc.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(ALLOC_RUNNER): $(BUILD)/tests/alloc.o $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free -o $@ $^ \
		$(DEP_LIBS)

check-alloc: $(ALLOC_RUNNER)
	$(ALLOC_RUNNER) $(ALLOC_FIXTURES)

check-cli: $(CLI)
	sh tests/cli.sh $(CLI) testdata

# The fixes: --format diff | git apply and --fix over a tree of every rule with a fix.
check-fix: $(CLI)
	sh tests/fix.sh $(CLI) testdata/fix

# The HTML report rendered by headless Chromium (skipped without it, unless
# HARDCONF_REQUIRE_HTML=1).
check-html: $(CLI)
	sh tests/html.sh $(CLI) examples testdata/fix

# Byte-for-byte output over fixed cases; every rule must fire in them.
check-goldens: $(CLI)
	sh tests/goldens.sh $(CLI) tests/goldens

update-goldens: $(CLI)
	sh tests/goldens.sh --update $(CLI) tests/goldens

$(RULES_PAGE_TOOL): man/make-rules-page.c $(STATIC_LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

# The catalogue page is generated from the rule table and committed.
man: $(RULES_PAGE_TOOL)
	$(RULES_PAGE_TOOL) > man/hardconf-rules.7

check-hook: $(CLI)
	sh tests/git-hook.sh $(CLI)

check-sarif: $(CLI)
	sh tests/sarif-validate.sh $(CLI) testdata examples
	@if command -v python3 >/dev/null 2>&1; then \
		./$(CLI) -q --format json --show-suppressed testdata examples >$(BUILD)/all.json; \
		test $$? -le 1 && python3 tests/json-schema.py tests/hardconf-json.schema.json \
			$(BUILD)/all.json; \
	else echo "json-schema: python3 not found, skipped"; fi

check-man: $(MAN_PAGES) $(RULES_PAGE_TOOL)
	@$(RULES_PAGE_TOOL) | cmp -s - man/hardconf-rules.7 || \
		{ echo "man/hardconf-rules.7 is out of date with lib/model/rules.def: run make man"; exit 1; }
	sh tests/man-lint.sh $(MAN_PAGES)

# hardconf against xmllint and a null SAX2 parser on the same inputs; see
# bench/bench.py.
SAX_FLOOR := $(BUILD)/sax_floor
$(SAX_FLOOR): bench/sax_floor.c | deps
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(DEP_LIBS)

bench: $(CLI) $(SAX_FLOOR)
	python3 bench/bench.py --hardconf $(CLI) --floor $(SAX_FLOOR) --corpus $(CORPUS) \
		--work $(BUILD)/bench $(if $(ONLY),--only $(ONLY)) \
		$(if $(wildcard $(PGO_BUILD)/hardconf),--pgo $(PGO_BUILD)/hardconf)

# A profile-guided build (GCC): the library and CLI built to count their
# branches, run over testdata/ and examples/, then built again with the
# counts.  GCC lays each function's common path out by them (the gain goes
# with -fno-branch-probabilities): a 50k-site applicationHost.config lints
# 7% faster, 100,000 appSettings 13%, the corpus 6%.  The training runs
# every rule's fixtures; what it never ran is optimized for size, and
# -fprofile-partial-training (optimized as usual) gave back a third of the
# gain with nothing measured faster.  Not the default: counts go stale with
# every edit, and GCC then refuses them.  make bench measures this build
# too once it exists.
PGO_BUILD ?= build/pgo
PGO_CC_VERSION = $(shell $(CC) --version 2>/dev/null)
pgo:
	@case "$(PGO_CC_VERSION)" in *clang*|"") \
		echo "make pgo: needs GCC (CC=$(CC) is not)" >&2; exit 2;; esac
	rm -rf $(PGO_BUILD)
	$(MAKE) BUILD=$(PGO_BUILD) CFLAGS="$(CFLAGS) -fprofile-generate -fprofile-update=atomic" \
		LDFLAGS="$(LDFLAGS) -fprofile-generate" $(PGO_BUILD)/hardconf
	$(PGO_BUILD)/hardconf -q --no-config -j1 testdata examples >/dev/null || [ $$? = 1 ]
	find $(PGO_BUILD) -name '*.o' -delete
	rm -f $(PGO_BUILD)/hardconf
	$(MAKE) BUILD=$(PGO_BUILD) \
		CFLAGS="$(CFLAGS) -fprofile-use -Wno-missing-profile" all

# The profile-guided build finds what the plain one finds, word for word.
check-pgo: pgo $(CLI)
	sh tests/same-findings.sh $(CLI) $(PGO_BUILD)/hardconf testdata examples

# Findings per rule over a corpus of real files, for false-positive review.
CORPUS ?= ../shared/corpus
corpus-report: $(CLI)
	sh tests/corpus-report.sh $(CLI) $(CORPUS)
	sh tests/corpus-transforms.sh $(CLI) $(CORPUS)

check-symbols: $(SHARED_LIB)
	sh tests/symbols.sh $(SHARED_LIB) tests/exported-symbols.txt

# Each lib/ folder includes only its own and earlier stages' headers.
check-layers:
	sh tests/layers.sh lib

# Every link line (library, CLI, test runners, tools) keeps -lpthread.
# The library and the CLI are linked with full RELRO, the CLI as a PIE, and
# load PCRE2 on first use.  re.c's PCRE2 function types are PCRE2's own: the
# linked build assigns PCRE2's functions to them.
check-link: PCRE2_CHECK = $(if $(filter linked,$(PCRE2_LINK)),,--dlopen $(PCRE2_SONAME))
check-link: HARDEN_CHECK = --canaries $(if $(FORTIFY),--fortified)
check-link: $(SHARED_LIB) $(CLI)
	sh tests/link-lines.sh "$(MAKE)" $(BUILD)/link-lines all $(BUILD)/link-lines/tests/run-tests \
		$(BUILD)/link-lines/tests/run-alloc-tests $(BUILD)/link-lines/make-rules-page
	sh tests/hardening.sh $(HARDEN_CHECK) $(PCRE2_CHECK) $(SHARED_LIB)
	sh tests/hardening.sh --pie $(HARDEN_CHECK) $(PCRE2_CHECK) $(CLI)
	$(CC) $(REQUIRED_CFLAGS) $(DEP_CFLAGS) -DHC_PCRE2_LINKED -Werror -fsyntax-only lib/util/re.c

check-install: all
	sh tests/install.sh "$(MAKE)" "$(PKG_CONFIG)"

# Findings are the point of the demo: exit status 1 is success here.
demo: $(CLI)
	./$(CLI) examples/ || test $$? -eq 1

# README's picture of the HTML report, from examples/ (committed).
screenshot: $(CLI)
	./$(CLI) -q --format html examples/ > $(BUILD)/report.html || test $$? -eq 1
	chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
		--user-data-dir=$(BUILD)/chromium-profile --window-size=900,1000 \
		--screenshot=$(CURDIR)/examples/html-report.png file://$(CURDIR)/$(BUILD)/report.html

asan:
	$(MAKE) check SANITIZE=address,undefined

tsan:
	TSAN_OPTIONS="$(TSAN_OPTIONS) suppressions=$(CURDIR)/tests/tsan.supp" \
		$(MAKE) check SANITIZE=thread

valgrind: $(TEST_RUNNER) $(CLI)
	CK_FORK=no HARDCONF_NO_JIT=1 HARDCONF_SKIP_HOSTILE=1 HARDCONF_TESTDATA=testdata \
		valgrind --error-exitcode=1 \
		--leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
		$(TEST_RUNNER)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(CLI) $(DESTDIR)$(BINDIR)/hardconf
	install -m 644 include/hardconf.h $(DESTDIR)$(INCLUDEDIR)/hardconf.h
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(LIBDIR)/libhardconf.a
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(LIBDIR)/libhardconf.so.$(VERSION)
	ln -sf libhardconf.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SHARED_SONAME)
	ln -sf $(SHARED_SONAME) $(DESTDIR)$(LIBDIR)/libhardconf.so
	install -m 644 $(PC_FILE) $(DESTDIR)$(LIBDIR)/pkgconfig/hardconf.pc
	install -m 644 man/hardconf.1 $(DESTDIR)$(MANDIR)/man1/hardconf.1
	install -m 644 man/libhardconf.3 $(DESTDIR)$(MANDIR)/man3/libhardconf.3
	install -m 644 man/hardconf-rules.7 $(DESTDIR)$(MANDIR)/man7/hardconf-rules.7

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hardconf $(DESTDIR)$(INCLUDEDIR)/hardconf.h \
		$(DESTDIR)$(LIBDIR)/libhardconf.a $(DESTDIR)$(LIBDIR)/libhardconf.so \
		$(DESTDIR)$(LIBDIR)/$(SHARED_SONAME) $(DESTDIR)$(LIBDIR)/libhardconf.so.$(VERSION) \
		$(DESTDIR)$(LIBDIR)/pkgconfig/hardconf.pc $(DESTDIR)$(MANDIR)/man1/hardconf.1 \
		$(DESTDIR)$(MANDIR)/man3/libhardconf.3 $(DESTDIR)$(MANDIR)/man7/hardconf-rules.7

clean:
	rm -rf build

lint: | deps
	cppcheck --quiet --error-exitcode=1 --inline-suppr --enable=warning,portability,performance \
		--std=c11 -Iinclude -Ilib --suppress=missingIncludeSystem lib cli
	clang-tidy --quiet --warnings-as-errors='*' $(LIB_SRC) $(wildcard cli/*.c) -- \
		$(REQUIRED_CFLAGS) $(DEP_CFLAGS)

FORMAT_FILES := $(wildcard include/*.h lib/*/*.c lib/*/*.h cli/*.c cli/*.h tests/*.c tests/*.h \
	tests/fuzz/*.c tests/fuzz/*.h examples/*.c man/*.c bench/*.c)
format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)

# The fuzz harnesses: fuzz-replay (in make check), fuzz and fuzz-smoke.
include tests/fuzz/fuzz.mk
