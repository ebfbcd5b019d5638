# tests/fuzz/fuzz.mk - the fuzz harnesses.  Included by the Makefile after its
# own variables; uses BUILD, LIB_SRC, LIB_OBJ, ALL_CFLAGS, ALL_LDFLAGS,
# DEP_LIBS and the deps target.  Two harnesses:
#   lint     tests/fuzz/fuzz_lint.c: the linter over any bytes as any kind of
#            file; seeds FUZZ_SEEDS (testdata/), dictionary config.dict
#   config   tests/fuzz/fuzz_config.c: the project file (.hardconf) and
#            baselines, both read from untrusted trees; seeds
#            FUZZ_CONFIG_SEEDS (tests/fuzz/seeds-config/ and
#            testdata/hostile/), dictionary project.dict
#
#   make fuzz-replay   each harness, built with $(CC) like the tests, over
#                      its seeds: part of make check, and of make asan under
#                      sanitizers
#   make fuzz          libFuzzer on FUZZ_HARNESS (default lint) for
#                      FUZZ_SECONDS (default 60): clang, ASan and UBSan, the
#                      dictionary, the seeds in $(BUILD)/fuzz-corpus[-config]
#   make fuzz-smoke    lint for FUZZ_SMOKE_SECONDS (default 45), then config
#                      for FUZZ_CONFIG_SMOKE_SECONDS (default 15): for CI
#
# HARDCONF_FUZZ_KIND=crmsetup (any kind's short name; unknown = detect) in the
# environment pins the kind for a campaign of the lint harness on one kind.
#
# A crash, a sanitizer report, a leak, a timeout (-timeout) or running out of
# memory (-rss_limit_mb) fails the target; libFuzzer writes the input to
# $(BUILD)/fuzz/crash-*, leak-*, timeout-* or oom-*.  Reproduce with
# $(BUILD)/fuzz/fuzz_lint FILE (or fuzz_config), and commit it to
# testdata/hostile/fuzz/ (or tests/fuzz/seeds-config/) so that fuzz-replay
# keeps it.  libFuzzer's runtime comes with clang (on Debian:
# libclang-rt-14-dev or the version matching FUZZ_CC).

FUZZ_CC ?= clang
FUZZ_HARNESS ?= lint
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 45
FUZZ_CONFIG_SMOKE_SECONDS ?= 15
FUZZ_SEEDS ?= testdata
FUZZ_CONFIG_SEEDS ?= tests/fuzz/seeds-config testdata/hostile
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_DIR)/%.o)
FUZZ_FLAGS := -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix=$(FUZZ_DIR)/ -print_final_stats=1

FUZZ_HARNESSES := lint config
FUZZ_REPLAYS := $(FUZZ_HARNESSES:%=$(BUILD)/tests/fuzz/replay_%)
FUZZ_BINS := $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/fuzz_%)

# Per harness: its seeds, dictionary and corpus.
fuzz_seeds_lint = $(FUZZ_SEEDS)
fuzz_seeds_config = $(FUZZ_CONFIG_SEEDS)
fuzz_dict_lint := tests/fuzz/config.dict
fuzz_dict_config := tests/fuzz/project.dict
fuzz_corpus_lint := $(BUILD)/fuzz-corpus
fuzz_corpus_config := $(BUILD)/fuzz-corpus-config

.PHONY: fuzz fuzz-smoke fuzz-replay

# ---- Replay: plain $(CC), the library objects the tests use ----

$(BUILD)/tests/fuzz/%.o: tests/fuzz/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_REPLAYS): $(BUILD)/tests/fuzz/replay_%: $(BUILD)/tests/fuzz/replay.o \
		$(BUILD)/tests/fuzz/scratch.o $(BUILD)/tests/fuzz/fuzz_%.o $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

fuzz-replay: $(FUZZ_REPLAYS)
	$(BUILD)/tests/fuzz/replay_lint $(fuzz_seeds_lint)
	$(BUILD)/tests/fuzz/replay_config $(fuzz_seeds_config)

# ---- libFuzzer: the library instrumented for coverage ----

$(FUZZ_DIR)/lib/%.o: lib/%.c | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

# The harnesses themselves are not instrumented for coverage: their checks (a
# JSON reader among them) would only feed libFuzzer noise and cost time.
$(FUZZ_DIR)/%.o: tests/fuzz/%.c | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_SAN) -MMD -MP -c $< -o $@

$(FUZZ_BINS): $(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/fuzz_%.o $(FUZZ_DIR)/scratch.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

# The corpus directory keeps what earlier runs found; the seeds are written
# into it afresh each time, each behind the selector bytes (the first byte of
# an input: what the harness makes of the rest) that replay -o chooses.  The
# seed files themselves are never written to.  $(1): the harness, $(2): seconds.
define fuzz-run
	@mkdir -p $(fuzz_corpus_$(1))
	$(BUILD)/tests/fuzz/replay_$(1) -o $(fuzz_corpus_$(1)) $(fuzz_seeds_$(1))
	$(FUZZ_DIR)/fuzz_$(1) -max_total_time=$(2) -dict=$(fuzz_dict_$(1)) $(FUZZ_FLAGS) \
		$(fuzz_corpus_$(1))
endef

fuzz: $(FUZZ_DIR)/fuzz_$(FUZZ_HARNESS) $(BUILD)/tests/fuzz/replay_$(FUZZ_HARNESS)
	$(call fuzz-run,$(FUZZ_HARNESS),$(FUZZ_SECONDS))

fuzz-smoke: $(FUZZ_BINS) $(FUZZ_REPLAYS)
	$(call fuzz-run,lint,$(FUZZ_SMOKE_SECONDS))
	$(call fuzz-run,config,$(FUZZ_CONFIG_SMOKE_SECONDS))

-include $(wildcard $(BUILD)/tests/fuzz/*.d $(FUZZ_DIR)/*.d)
