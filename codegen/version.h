/* version.h: the schemac release, printed by --version and in notices. */
#ifndef SCHEMAC_VERSION_H
#define SCHEMAC_VERSION_H

#define SCHEMAC_VERSION "0.1.0"

#endif
