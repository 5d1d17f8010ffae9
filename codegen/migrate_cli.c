/* migrate_cli.c: `schemac migrate`. (Placeholder until migrations land.) */
#include <stdio.h>

#include "cli.h"

int
cmd_migrate(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "schemac: migrate: not available in this build\n");
	return (2);
}
