/* SHA-256 of the input bytes: the identity of a report file in every output. */
#ifndef OGI_SHA256_H
#define OGI_SHA256_H
#include <stddef.h>
void og_sha256_hex(const unsigned char *data, size_t len, char out[65]);
#endif
