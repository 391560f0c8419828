# MigSpec: `make check-spec` model-checks the protocol variants, `make test` runs every test
# (including a quick spec check), `make bench` prints the speed numbers.
# Needs only JDK 17, Maven and make; Maven fetches TLC and the libraries from Maven Central.

MVN      ?= mvn -q -B
JAVA     ?= java
JOBS     ?= 2
CHECKER_CP = trace-checker/target/classes:trace-checker/target/lib/*
IMPL_CP    = impl/target/classes:impl/target/lib/*

.PHONY: all build check-spec record-spec test bench clean help

all: build

help:
	@echo "make check-spec [QUICK=1] [ONLY=a,b]  model-check the spec matrix (spec/manifest.json)"
	@echo "make test                              unit, integration and trace-checker tests + quick spec check"
	@echo "make bench                             implementation and checker speed numbers"
	@echo "make record-spec                       re-run every model and record its numbers in the manifest"
	@echo "make clean"

build:
	$(MVN) package -DskipTests

# The model-checking matrix.  QUICK=1 runs the models marked "quick" (CI), ONLY=a,b some models.
check-spec: build
	$(JAVA) -cp '$(CHECKER_CP)' org.migspec.modelcheck.CheckSpec --manifest spec/manifest.json \
	    --spec-dir spec --out build/spec --jobs $(JOBS) \
	    $(if $(QUICK),--quick,) $(if $(ONLY),--only $(ONLY),)

record-spec: build
	$(JAVA) -cp '$(CHECKER_CP)' org.migspec.modelcheck.CheckSpec --manifest spec/manifest.json \
	    --spec-dir spec --out build/spec --jobs $(JOBS) --update-manifest

test:
	$(MVN) verify
	$(MAKE) --no-print-directory check-spec QUICK=1

bench: build
	$(JAVA) -cp '$(IMPL_CP)' org.migspec.impl.bench.ImplBench
	$(JAVA) -cp '$(CHECKER_CP)' org.migspec.checker.bench.CheckerBench

clean:
	$(MVN) clean
	rm -rf build
