/*
 * sha256.h: SHA-256 (FIPS 180-4), for the checksums of applied migrations
 * (schema_migrations.checksum), without a crypto library dependency.
 */
#ifndef SCHEMAC_SHA256_H
#define SCHEMAC_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Hash len bytes of data; hex receives 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
