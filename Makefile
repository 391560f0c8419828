# MigSpec: `make check-spec` model-checks the protocol variants, `make test` runs every test
# (including a quick spec check), `make bench` prints the speed numbers.
# Needs only JDK 17, Maven and make; Maven fetches TLC and the libraries from Maven Central.

MVN      ?= mvn -q -B
JAVA     ?= java
JOBS     ?= 2
# Per-model limit of check-spec, seconds: the longest model takes under 2 minutes, so a TLC that
# hangs (TLC 2.18 can, see ModelRunner.NO_PERIODIC_WORK) fails its model with a clear message
# instead of stalling the matrix.
TLC_TIMEOUT ?= 900
CHECKER_CP = trace-checker/target/classes:trace-checker/target/lib/*
IMPL_CP    = impl/target/classes:impl/target/lib/*

QEMU_OUT ?= build/qemu
# the scenarios of every real-QEMU smoke run: precopy and postcopy success, one fault each
QEMU_SMOKE = precopy-success postcopy-success precopy-dst-killed postcopy-network-break-recover

.PHONY: all build check-spec spec-table record-spec spec-simulate spec-distributed test bench clean help qemu-7.2 qemu-sid qemu-smoke qemu-check campaign campaign-ci

all: build

help:
	@echo "make check-spec [QUICK=1] [ONLY=a,b]  model-check the spec matrix (spec/manifest.json)"
	@echo "make spec-simulate [ONLY=a,b]          the two-fault models of spec/deep.json in TLC's simulation mode (fixed seed, depth)"
	@echo "make spec-distributed [MODEL=m WORKERS=2]  one model by TLCServer + TLCWorkers, state count compared with one process"
	@echo "make test                              unit, integration and trace-checker tests + quick spec check"
	@echo "make bench                             implementation and checker speed numbers"
	@echo "make spec-table                        write spec/README.md's property table from a full check-spec's build/spec/results.json"
	@echo "make record-spec                       re-run every model and record its numbers in the manifest"
	@echo "make qemu-7.2 / make qemu-sid          install QEMU 7.2 (Debian bookworm) / 11.1 (Debian unstable chroot); root"
	@echo "make qemu-smoke                        four real runs on each QEMU, each checked (part of make test)"
	@echo "make qemu-check                        every applicable scenario on both QEMUs, checked; $(QEMU_OUT)/report.md"
	@echo "make campaign [CAMPAIGN_RUNS=8 SEED=1]  randomized fault campaign on the implementation, every variant; $(CAMPAIGN_OUT)/<variant>/report.md"
	@echo "make campaign-ci                       a small fixed-seed campaign (every variant, 6 runs each; part of make test); fails on a run error or a run the checker does not accept"
	@echo "make clean"

build:
	$(MVN) package -DskipTests

# The model-checking matrix.  QUICK=1 runs the models marked "quick" (CI), ONLY=a,b some models.
check-spec: build
	$(JAVA) -cp '$(CHECKER_CP)' org.migspec.modelcheck.CheckSpec --manifest spec/manifest.json \
	    --spec-dir spec --out build/spec --jobs $(JOBS) --timeout $(TLC_TIMEOUT) \
	    $(if $(QUICK),--quick,) $(if $(ONLY),--only $(ONLY),)

# spec/README.md's "which properties hold" table, from the last full, green check-spec.
spec-table:
	$(JAVA) -cp '$(CHECKER_CP)' org.migspec.modelcheck.SpecTable --results build/spec/results.json \
	    --manifest spec/manifest.json --readme spec/README.md

record-spec: build
	$(JAVA) -cp '$(CHECKER_CP)' org.migspec.modelcheck.CheckSpec --manifest spec/manifest.json \
	    --spec-dir spec --out build/spec --jobs $(JOBS) --timeout $(TLC_TIMEOUT) --update-manifest $(if $(ONLY),--only $(ONLY),)

# Beyond one machine's exhaustive reach (spec/deep.json): random behaviours with two faults each,
# and TLC's distributed engine (one server, N workers; here on loopback) on one model.
spec-simulate: build
	$(JAVA) -cp '$(CHECKER_CP)' org.migspec.modelcheck.DeepCheck simulate $(if $(ONLY),--only $(ONLY),)

spec-distributed: build
	$(JAVA) -cp '$(CHECKER_CP)' org.migspec.modelcheck.DeepCheck distributed \
	    $(if $(MODEL),--model $(MODEL),) $(if $(WORKERS),--workers $(WORKERS),)

test:
	$(MVN) verify
	$(MAKE) --no-print-directory check-spec QUICK=1
	$(MAKE) --no-print-directory campaign-ci
	$(MAKE) --no-print-directory qemu-smoke

# Real QEMU from Debian's packages, installed by these targets (idempotent).  Without root the
# install fails with a one-line reason; MIGSPEC_NO_QEMU=1 opts out of the real-QEMU runs explicitly.
qemu-7.2:
	impl/scripts/qemu-install.sh 7.2

qemu-sid:
	impl/scripts/qemu-install.sh 11.1

# One output folder per QEMU; the trace checker checks every run; a run it does not accept, or whose
# scenario expectation is not met (the run did not exercise what it is for), fails.
qemu-smoke: build
ifeq ($(MIGSPEC_NO_QEMU),1)
	@echo "qemu-smoke: NOT RUN: MIGSPEC_NO_QEMU=1 (the real-QEMU runs were opted out)"
else
	$(MAKE) --no-print-directory qemu-7.2 qemu-sid
	rm -rf $(QEMU_OUT)/smoke
	./migspec qemu $(QEMU_SMOKE:%=impl/scenarios/%.json) --qemu 7.2 --require-expectations --out $(QEMU_OUT)/smoke/7.2
	./migspec qemu $(QEMU_SMOKE:%=impl/scenarios/%.json) --qemu 11.1 --require-expectations --out $(QEMU_OUT)/smoke/11.1
	@# the negative control: a run whose expectation is wrong must fail --require-expectations (exit 4)
	./migspec qemu impl/src/test/resources/qemu/expect-unmet.json --qemu 7.2 --require-expectations \
	  --out $(QEMU_OUT)/smoke/expect-unmet; rc=$$?; [ $$rc -eq 4 ] \
	  || { echo "qemu-smoke: an unmet expectation exited $$rc, not 4 (--require-expectations is broken)"; exit 1; }
endif

qemu-check: build qemu-7.2 qemu-sid
	rm -rf $(QEMU_OUT)/7.2 $(QEMU_OUT)/11.1
	-./migspec qemu impl/scenarios/*.json --applicable-only --qemu 7.2 --out $(QEMU_OUT)/7.2
	-./migspec qemu impl/scenarios/*.json --applicable-only --qemu 11.1 --out $(QEMU_OUT)/11.1
	$(JAVA) -cp '$(CHECKER_CP)' org.migspec.checker.cli.Main qemu-report $(QEMU_OUT)/report.md $(QEMU_OUT)/7.2 $(QEMU_OUT)/11.1

# Randomized fault campaigns (impl/README.md, "Campaigns"): N schedules per variant from SEED, each
# run bounded, checked by the trace checker, bad outcomes shrunk.  A departure is a finding for the
# report, so one variant's exit code does not stop the others; campaign-ci fails on any.
CAMPAIGN_OUT      ?= build/campaign
CAMPAIGN_RUNS     ?= 8
CAMPAIGN_VARIANTS ?= legacy v1 v4 v11 fix
SEED              ?= 1
SHRINK            ?= 2

campaign: build
	rm -rf $(CAMPAIGN_OUT)
	@for v in $(CAMPAIGN_VARIANTS); do \
	  ./migspec campaign --backend impl --variant $$v --runs $(CAMPAIGN_RUNS) --seed $(SEED) --jobs $(JOBS) \
	      --shrink-runs $(SHRINK) --out $(CAMPAIGN_OUT)/$$v || true; \
	done

# CI's campaign (part of make test): every variant, the same 6 schedules; fails once all ran if any
# variant had a run error or a run the checker did not accept (a discrepancy to triage).  Without
# conformance coverage: TLC's reachable sets cost minutes per postcopy configuration on a clean clone.
CI_CAMPAIGN_RUNS ?= 6
CI_CAMPAIGN_SEED ?= 20261204
campaign-ci: build
	rm -rf $(CAMPAIGN_OUT)/ci
	@failed=""; for v in $(CAMPAIGN_VARIANTS); do \
	  ./migspec campaign --backend impl --variant $$v --runs $(CI_CAMPAIGN_RUNS) --seed $(CI_CAMPAIGN_SEED) \
	      --jobs $(JOBS) --shrink-runs 0 --no-tlc-coverage --out $(CAMPAIGN_OUT)/ci/$$v || failed="$$failed $$v"; \
	done; \
	if [ -n "$$failed" ]; then echo "campaign-ci: FAILED for:$$failed (see $(CAMPAIGN_OUT)/ci/<variant>/report.md)"; exit 1; fi; \
	echo "campaign-ci: every run of every variant ran and was accepted"

bench: build
	$(JAVA) -cp '$(IMPL_CP)' org.migspec.impl.bench.ImplBench
	$(JAVA) -cp '$(CHECKER_CP)' org.migspec.checker.bench.CheckerBench

clean:
	$(MVN) clean
	rm -rf build
