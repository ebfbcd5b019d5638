# tests/fuzz/fuzz.mk - the fuzz harness (tests/fuzz/fuzz_lint.c).  Included
# by the Makefile after its own variables; uses BUILD, LIB_SRC, LIB_OBJ,
# ALL_CFLAGS, ALL_LDFLAGS, DEP_LIBS and the deps target.
#
#   make fuzz-replay   the harness, built with $(CC) like the tests, over every
#                      file under testdata/ (fixtures and testdata/hostile/):
#                      part of make check, and of make asan under sanitizers
#   make fuzz          libFuzzer for FUZZ_SECONDS (default 60): clang, ASan and
#                      UBSan, the dictionary, the seeds in $(BUILD)/fuzz-corpus
#   make fuzz-smoke    the same for FUZZ_SMOKE_SECONDS (default 45), for CI
#
# HARDCONF_FUZZ_KIND=crmsetup (any kind's short name; unknown = detect) in the
# environment pins the kind for a campaign on one kind.
#
# A crash, a sanitizer report, a leak, a timeout (-timeout) or running out of
# memory (-rss_limit_mb) fails the target; libFuzzer writes the input to
# $(BUILD)/fuzz/crash-*, leak-*, timeout-* or oom-*.  Reproduce with
# $(BUILD)/fuzz/fuzz_lint FILE, and commit it to testdata/hostile/fuzz/ so that
# fuzz-replay keeps it.  libFuzzer's runtime comes with clang (on Debian:
# libclang-rt-14-dev or the version matching FUZZ_CC).

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 45
FUZZ_SEEDS ?= testdata
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_CORPUS := $(BUILD)/fuzz-corpus
FUZZ_BIN := $(FUZZ_DIR)/fuzz_lint
FUZZ_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_DIR)/%.o)
FUZZ_FLAGS := -dict=tests/fuzz/config.dict -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix=$(FUZZ_DIR)/ -print_final_stats=1
FUZZ_REPLAY := $(BUILD)/tests/fuzz/replay
FUZZ_REPLAY_OBJ := $(BUILD)/tests/fuzz/replay.o $(BUILD)/tests/fuzz/fuzz_lint.o

.PHONY: fuzz fuzz-smoke fuzz-replay

# ---- Replay: plain $(CC), the library objects the tests use ----

$(BUILD)/tests/fuzz/%.o: tests/fuzz/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_REPLAY): $(FUZZ_REPLAY_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

fuzz-replay: $(FUZZ_REPLAY)
	$(FUZZ_REPLAY) $(FUZZ_SEEDS)

# ---- libFuzzer: the library instrumented for coverage ----

$(FUZZ_DIR)/lib/%.o: lib/%.c | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

# The harness itself is not instrumented for coverage: its checks (a JSON
# reader among them) would only feed libFuzzer noise and cost time.
$(FUZZ_DIR)/fuzz_lint.o: tests/fuzz/fuzz_lint.c | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_SAN) -MMD -MP -c $< -o $@

$(FUZZ_BIN): $(FUZZ_DIR)/fuzz_lint.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

# The corpus directory keeps what earlier runs found; the seeds are written
# into it afresh each time, each behind the selector bytes (the first byte of
# an input picks the kind and the display name: fuzz_lint.c) that replay -o
# chooses.  The seed files themselves are never written to.
define fuzz-run
	@mkdir -p $(FUZZ_CORPUS)
	$(FUZZ_REPLAY) -o $(FUZZ_CORPUS) $(FUZZ_SEEDS)
	$(FUZZ_BIN) -max_total_time=$(1) $(FUZZ_FLAGS) $(FUZZ_CORPUS)
endef

fuzz: $(FUZZ_BIN) $(FUZZ_REPLAY)
	$(call fuzz-run,$(FUZZ_SECONDS))

fuzz-smoke: $(FUZZ_BIN) $(FUZZ_REPLAY)
	$(call fuzz-run,$(FUZZ_SMOKE_SECONDS))

-include $(FUZZ_REPLAY_OBJ:.o=.d) $(FUZZ_DIR)/fuzz_lint.d $(FUZZ_LIB_OBJ:.o=.d)
