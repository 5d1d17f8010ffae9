/*
 * cli.h: the subcommands main.c dispatches to. Each takes the arguments
 * after "schemac" (argv[0] is the subcommand's name), parses its own
 * options, prints its own --help, and returns the process exit status.
 */
#ifndef SCHEMAC_CLI_H
#define SCHEMAC_CLI_H

int cmd_migrate(
    int argc, char **argv); /* migrate new | check (migrate_cli.c) */
int cmd_db(int argc, char **argv); /* db upgrade | downgrade | status (db.c) */

#endif
