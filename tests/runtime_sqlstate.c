/* runtime_sqlstate.c: unit tests of the SQLSTATE to SCHEMAC_* mapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "schemac.h"

static void
test_integrity(void **state)
{
	(void)state;
	assert_int_equal(sc_sqlstate_result("23505"), SCHEMAC_CONFLICT);
	assert_int_equal(sc_sqlstate_result("23502"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("23503"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("23514"), SCHEMAC_INVALID);
	/* Other class 23 codes are not caused by a client's values. */
	assert_int_equal(sc_sqlstate_result("23000"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("23001"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("23P01"), SCHEMAC_DB_ERROR);
}

static void
test_data_exceptions(void **state)
{
	(void)state;
	assert_int_equal(sc_sqlstate_result("22001"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("22003"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("22007"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("22008"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("22P02"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("22P05"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("22000"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("22012"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("2201W"), SCHEMAC_INVALID);
}

/*
 * Program limits: a value too big for a b-tree index (54000) or a jsonb
 * value nested past the server's stack (54001) is the client's value.
 */
static void
test_program_limits(void **state)
{
	(void)state;
	assert_int_equal(sc_sqlstate_result("54000"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("54001"), SCHEMAC_INVALID);
	assert_int_equal(sc_sqlstate_result("54011"), SCHEMAC_INVALID);
	/* Resource shortage is the server's, not the client's. */
	assert_int_equal(sc_sqlstate_result("53100"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("53200"), SCHEMAC_DB_ERROR);
}

static void
test_everything_else(void **state)
{
	(void)state;
	assert_int_equal(sc_sqlstate_result(NULL), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result(""), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("22"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("235050"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("08006"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("40001"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("40P01"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("42P01"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("57P01"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("57014"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("55P03"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("53300"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("XX000"), SCHEMAC_DB_ERROR);
	assert_int_equal(sc_sqlstate_result("00000"), SCHEMAC_DB_ERROR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integrity),
		cmocka_unit_test(test_data_exceptions),
		cmocka_unit_test(test_program_limits),
		cmocka_unit_test(test_everything_else),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
