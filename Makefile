# schemac: every entry point of the project (SPEC section 7).
#
#   make run     install what is missing, build, generate, start a private
#                PostgreSQL (unless DATABASE_URL is set), migrate, serve :8888
#   make test    the same set-up, then the whole suite
#   make golden  rewrite the golden tests' expected output (review the diff!)

SHELL := /bin/sh
CC ?= cc
# Debian's Kore must be built into modules with its own feature flags, or
# struct http_request changes layout under us (notes/kore-4.1.md section 1).
KORE_FEATURES := $(shell cat /usr/share/kore/features 2>/dev/null)
PG_INCLUDE := $(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)

WARN := -std=c11 -Wall -Wextra -Werror
# Kore's own warning flags: generated code and the runtime must pass them.
KORE_WARN := $(WARN) -Wstrict-prototypes -Wmissing-prototypes \
	-Wmissing-declarations -Wshadow -Wpointer-arith -Wcast-qual -pedantic
OPT ?= -O2 -g
SAN ?=
CFLAGS_BASE := $(OPT) $(SAN) -D_DEFAULT_SOURCE -D_GNU_SOURCE
LDFLAGS_BASE := $(SAN)

BUILD ?= build
SCHEMA ?= schema/schema.yaml
GEN ?= generated

DEBIAN_PACKAGES := kore libpq-dev libyaml-dev libcmocka-dev postgresql \
	postgresql-contrib libcurl4-openssl-dev wrk hyperfine clang \
	libclang-rt-14-dev

.PHONY: all deps build generate app tools run tests test test-sanitize \
	bench bench-peers fuzz golden clean

all: build

# Install the Debian packages that are missing, when we may (root + apt).
deps: $(BUILD)/.deps
$(BUILD)/.deps:
	@mkdir -p $(BUILD)
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			    apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "missing packages:$$missing (run as root, or install them)"; \
			exit 1; \
		fi; \
	fi
	@touch $@

# --- the generator -----------------------------------------------------

CODEGEN_SRC := $(wildcard codegen/*.c)
CODEGEN_LIB_SRC := $(filter-out codegen/main.c,$(CODEGEN_SRC))
CODEGEN_OBJ := $(CODEGEN_SRC:codegen/%.c=$(BUILD)/codegen/%.o)
CODEGEN_LIB_OBJ := $(CODEGEN_LIB_SRC:codegen/%.c=$(BUILD)/codegen/%.o)

$(BUILD)/codegen/%.o: codegen/%.c $(wildcard codegen/*.h) $(BUILD)/.deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(WARN) -I$(PG_INCLUDE) -c $< -o $@

$(BUILD)/schemac: $(CODEGEN_OBJ)
	$(CC) $(LDFLAGS_BASE) $(CODEGEN_OBJ) -lyaml -lpq -o $@

build: $(BUILD)/schemac app

# Regenerate when the schema or the generator changes. The generator skips
# files whose content is unchanged, so the stamp, not the files, is the target.
generate: $(GEN)/.stamp
$(GEN)/.stamp: $(BUILD)/schemac $(SCHEMA)
	$(BUILD)/schemac generate --schema $(SCHEMA) --out $(GEN)
	@touch $@

# --- the runtime and the Kore module -------------------------------------

RUNTIME_CORE_SRC := runtime/sc_buf.c runtime/sc_json.c runtime/sc_validate.c \
	runtime/sc_params.c runtime/sc_sqlstate.c runtime/sc_model.c
RUNTIME_KORE_SRC := runtime/sc_http.c runtime/sc_db.c runtime/sc_handler.c \
	runtime/sc_accesslog.c
APP_SRC := $(wildcard app/*.c)
GEN_SRC = $(GEN)/models.c $(GEN)/queries.c $(GEN)/handlers.c
MODULE_CFLAGS := $(CFLAGS_BASE) $(KORE_WARN) -fPIC $(KORE_FEATURES) \
	-Iruntime -I$(GEN)

app: $(BUILD)/app.so
$(BUILD)/app.so: $(GEN)/.stamp $(RUNTIME_CORE_SRC) $(RUNTIME_KORE_SRC) \
    $(APP_SRC) $(wildcard runtime/*.h app/*.h)
	@mkdir -p $(@D)
	$(CC) $(MODULE_CFLAGS) -shared $(APP_SRC) $(GEN_SRC) \
	    $(RUNTIME_CORE_SRC) $(RUNTIME_KORE_SRC) -o $@ $(LDFLAGS_BASE) -lpq

# npm packages the app and the tests use (Swagger UI, the OpenAPI linter),
# installed into .tools/ (git-ignored), and Debian's chromium for the docs test.
tools: $(BUILD)/.deps
	@scripts/tools.sh

run: build tools
	@scripts/run.sh

# --- tests ----------------------------------------------------------------

# Test programs are named by what they link (tests/README.md):
#   codegen_*  the generator's library     runtime_*  the Kore-free runtime
#   db_*       generated C API + libpq      http_*     libcurl, against the app
#   migrate_*  the generator's library, with a fresh database
TEST_CFLAGS := $(CFLAGS_BASE) $(WARN) -Icodegen -Iruntime -I$(PG_INCLUDE)
TEST_SRC := $(wildcard tests/codegen_*.c tests/runtime_*.c tests/db_*.c \
	tests/migrate_*.c tests/http_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

$(BUILD)/tests/codegen_%: tests/codegen_%.c $(CODEGEN_LIB_OBJ) $(wildcard tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $< $(CODEGEN_LIB_OBJ) $(LDFLAGS_BASE) -lyaml -lpq -lcmocka -o $@
$(BUILD)/tests/migrate_%: tests/migrate_%.c $(CODEGEN_LIB_OBJ) $(BUILD)/schemac $(wildcard tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $< $(CODEGEN_LIB_OBJ) $(LDFLAGS_BASE) -lyaml -lpq -lcmocka -o $@
$(BUILD)/tests/runtime_%: tests/runtime_%.c $(RUNTIME_CORE_SRC) $(wildcard runtime/*.h)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $< $(RUNTIME_CORE_SRC) $(LDFLAGS_BASE) -lpq -lcmocka -o $@
$(BUILD)/tests/db_%: tests/db_%.c $(GEN)/.stamp $(RUNTIME_CORE_SRC) $(wildcard tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -I$(GEN) -DSCHEMA_SQL='"$(GEN)/schema.sql"' \
	    $< $(GEN)/models.c $(GEN)/queries.c \
	    $(RUNTIME_CORE_SRC) $(LDFLAGS_BASE) -lpq -lcmocka -o $@
# The shop fixture (tests/fixtures/shop), a second schema far from User,
# generated into the build directory and linked by its own tests.
SHOP_SCHEMA := tests/fixtures/shop/schema.yaml
SHOP_GEN := $(BUILD)/shop-gen
$(SHOP_GEN)/.stamp: $(BUILD)/schemac $(SHOP_SCHEMA)
	$(BUILD)/schemac generate --schema $(SHOP_SCHEMA) --out $(SHOP_GEN)
	@touch $@
# The shop fixture served as an app of its own, for the end-to-end tests.
$(BUILD)/shop-app.so: $(SHOP_GEN)/.stamp $(RUNTIME_CORE_SRC) $(RUNTIME_KORE_SRC) \
    $(APP_SRC) $(wildcard runtime/*.h app/*.h)
	$(CC) $(CFLAGS_BASE) $(KORE_WARN) -fPIC $(KORE_FEATURES) -Iruntime \
	    -I$(SHOP_GEN) -shared $(APP_SRC) $(SHOP_GEN)/models.c \
	    $(SHOP_GEN)/queries.c $(SHOP_GEN)/handlers.c $(RUNTIME_CORE_SRC) \
	    $(RUNTIME_KORE_SRC) -o $@ $(LDFLAGS_BASE) -lpq
$(BUILD)/tests/db_shop: tests/db_shop.c $(SHOP_GEN)/.stamp $(RUNTIME_CORE_SRC)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -I$(SHOP_GEN) -DSCHEMA_SQL='"$(SHOP_GEN)/schema.sql"' \
	    $< $(SHOP_GEN)/models.c $(SHOP_GEN)/queries.c $(RUNTIME_CORE_SRC) \
	    $(LDFLAGS_BASE) -lpq -lcmocka -o $@

$(BUILD)/tests/http_%: tests/http_%.c $(RUNTIME_CORE_SRC) $(wildcard tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $< $(RUNTIME_CORE_SRC) $(LDFLAGS_BASE) -lpq -lcurl -lcmocka -o $@

tests: $(TEST_BIN) $(BUILD)/shop-app.so

test: build tests tools
	@BUILD=$(BUILD) scripts/test.sh

# The benchmark (BENCHMARKS.md) and, optionally, the same endpoints on
# FastAPI and Fastify on this machine.
bench: build tools
	@BUILD=$(BUILD) scripts/bench.sh
bench-peers: build tools
	@BUILD=$(BUILD) scripts/bench-peers.sh

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer, in a
# build directory of its own (build-san).
test-sanitize: deps tools
	@scripts/test-sanitize.sh

# libFuzzer targets (tests/fuzz), each for a bounded time; FUZZ_SECONDS=N.
fuzz: $(BUILD)/.deps $(GEN)/.stamp
	@scripts/fuzz.sh

golden: $(BUILD)/schemac $(BUILD)/tests/codegen_golden \
    $(BUILD)/tests/codegen_migrate_golden
	SCHEMAC_GOLDEN_REWRITE=1 SCHEMAC_BIN=$(CURDIR)/$(BUILD)/schemac \
	    $(BUILD)/tests/codegen_golden
	SCHEMAC_GOLDEN_REWRITE=1 SCHEMAC_BIN=$(CURDIR)/$(BUILD)/schemac \
	    $(BUILD)/tests/codegen_migrate_golden

clean:
	rm -rf $(BUILD) $(GEN)/.stamp
