# helpdesk: the MO ACTS help desk bot. `make demo` and `make test` work from a fresh clone on Debian.
SWIFT ?= swift
CORPUS ?= ../shared/corpus/dev

.PHONY: deps build release test demo bench eval check fuzz clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product helpdesk

## Every test: unit tests, the corpus gates, the differential test against CPython's email package, and the tests
## against a real Dovecot and Postfix on loopback (scripts/mailstack; MAILSTACK_DIR and MAILSTACK_PORT_BASE choose
## where, docs/mailstack.md). The stack is stopped afterwards, also when a test fails or on ^C; the exit status and
## the last lines are swift test's.
test: deps
	$(SWIFT) build --build-tests
	scripts/mailstack start
	@status=0; \
	trap 'scripts/mailstack stop >/dev/null 2>&1; exit 130' INT TERM; \
	$(SWIFT) test --skip-build || status=$$?; \
	if ! scripts/mailstack stop >/dev/null 2>&1; then \
		echo "make test: scripts/mailstack stop failed" >&2; [ $$status -ne 0 ] || status=1; \
	fi; \
	exit $$status

## Runs the bot on its embedded default with sample requests and prints what it did.
demo: release
	.build/release/helpdesk demo --package $(CURDIR)

## Parse + classify throughput on one core, then the whole pipeline on the embedded default (release build).
bench: deps
	$(SWIFT) build -c release --product helpdesk-bench
	BENCH_PIPELINE=2000 taskset -c 0 .build/release/helpdesk-bench Tests/Fixtures/corpus/dev $(CURDIR)/rules

## The shared evaluation script over the labelled corpus (../shared/corpus/dev by default).
eval: release
	python3 $(CORPUS)/../eval.py --corpus $(CORPUS) --email-ci --cmd '.build/release/helpdesk classify --json {file}'

## libFuzzer over the parser and the classifier (scripts/fuzz): 10 million executions in all by default (FUZZ_RUNS
## per target, FUZZ_SECONDS at most per target), -timeout=1, -rss_limit_mb=1024; prints executions and findings.
## Not part of `make test` (it takes long); `make test` replays the seeds through both targets.
fuzz: deps
	scripts/fuzz

## Validates the rules files.
check: build
	.build/debug/helpdesk rules check

clean:
	rm -rf .build
