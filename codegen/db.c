/* db.c: `schemac db`. (Placeholder until migrations land.) */
#include <stdio.h>

#include "cli.h"

int
cmd_db(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "schemac: db: not available in this build\n");
	return (2);
}
