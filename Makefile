# helpdesk: the MO ACTS help desk bot. `make demo` and `make test` work from a fresh clone on Debian.
SWIFT ?= swift
CORPUS ?= ../shared/corpus/dev

.PHONY: deps build release test demo bench eval check fuzz crash-test clean

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

## Parse + classify throughput on one core, the whole pipeline on the embedded default, then the mail path on a
## private loopback Dovecot + Postfix (release build): a backlog of 5,000 requests end to end in msg/s, peak memory
## at 1,000 and 10,000, and IDLE latency (delivery to our reply accepted by Postfix) over 100 requests.
## The bench's stack has no DKIM/DMARC milters (MAILSTACK_VERIFIER=off): signing and verifying every reply would
## be the mail server's work on the same 2 cores, not the bot's.
BENCH_STACK = MAILSTACK_DIR=/tmp/helpdesk-bench-stack MAILSTACK_PORT_BASE=$${BENCH_PORT_BASE:-27000} MAILSTACK_VERIFIER=off
bench: deps
	$(SWIFT) build -c release --product helpdesk-bench
	BENCH_PIPELINE=2000 taskset -c 0 .build/release/helpdesk-bench Tests/Fixtures/corpus/dev $(CURDIR)/rules
	@status=0; trap '$(BENCH_STACK) scripts/mailstack stop >/dev/null 2>&1' EXIT; \
	for n in 5000 1000 10000; do \
		$(BENCH_STACK) scripts/mailstack start >/dev/null || exit 1; \
		$(BENCH_STACK) .build/release/helpdesk-bench mail-backlog $$n Tests/Fixtures/corpus/dev $(CURDIR) || status=1; \
	done; \
	$(BENCH_STACK) scripts/mailstack start >/dev/null || exit 1; \
	$(BENCH_STACK) .build/release/helpdesk-bench mail-idle 100 $(CURDIR) || status=1; \
	exit $$status

## The shared evaluation script over the labelled corpus (../shared/corpus/dev by default).
eval: release
	python3 $(CORPUS)/../eval.py --corpus $(CORPUS) --email-ci --cmd '.build/release/helpdesk classify --json {file}'

## libFuzzer over the parser and the classifier (scripts/fuzz): 10 million executions in all by default (FUZZ_RUNS
## per target, FUZZ_SECONDS at most per target), -timeout=1, -rss_limit_mb=1024; prints executions and findings.
## Not part of `make test` (it takes long); `make test` replays the seeds through both targets.
fuzz: deps
	scripts/fuzz

## The SIGKILL crash harness (scripts/crash-test): on a private loopback stack (CRASH_STACK_DIR, CRASH_PORT_BASE),
## CRASH_REQUESTS (300) corpus requests; `helpdesk run` killed with SIGKILL round-robin at every checkpoint
## (HELPDESK_CRASH_AT) about CRASH_KILLS (120) times and restarted; then checks from the mailboxes, the store and the
## directory: requests lost, directory changes made twice, replies duplicated (detected / undetected). Exits 1 on any.
## `make test` runs a short version (CrashHarnessTests).
crash-test: deps
	$(SWIFT) build --product helpdesk
	MAILSTACK_DIR=$${CRASH_STACK_DIR:-/tmp/helpdesk-crash-stack} MAILSTACK_PORT_BASE=$${CRASH_PORT_BASE:-28000} \
		HELPDESK_BIN=$(CURDIR)/.build/debug/helpdesk scripts/crash-test

## Validates the rules files.
check: build
	.build/debug/helpdesk rules check

clean:
	rm -rf .build
