#ifndef SPARSE_ENGINE_CRC32_H
#define SPARSE_ENGINE_CRC32_H
#include <stddef.h>
#include <stdint.h>

/* CRC-32/IEEE (reflected, poly 0xEDB88320, init and xorout 0xFFFFFFFF): equals java.util.zip.CRC32. */
uint32_t crc32_update(uint32_t crc, const uint8_t *data, size_t length);

static inline uint32_t crc32_compute(const uint8_t *data, size_t length)
{
    return crc32_update(0, data, length);
}

#endif
