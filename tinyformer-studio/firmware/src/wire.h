/* Bounds-checked little-endian readers and writers for frame payloads: a read past the end sets
 * the error flag and yields zeros, so handlers check one flag instead of every size by hand. */
#ifndef SPARSE_ENGINE_WIRE_H
#define SPARSE_ENGINE_WIRE_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const uint8_t *data;
    size_t length;
    size_t position;
    int overrun;
} wire_reader_t;

typedef struct {
    uint8_t *data;
    size_t capacity;
    size_t length;
    int overflow;
} wire_writer_t;

static inline wire_reader_t wire_reader(const uint8_t *data, size_t length)
{
    wire_reader_t r = {data, length, 0, 0};
    return r;
}

static inline int wire_has(wire_reader_t *r, size_t n)
{
    if (r->overrun || n > r->length - r->position) {
        r->overrun = 1;
        return 0;
    }
    return 1;
}

static inline uint8_t wire_u8(wire_reader_t *r)
{
    return wire_has(r, 1) ? r->data[r->position++] : 0;
}

static inline uint16_t wire_u16(wire_reader_t *r)
{
    if (!wire_has(r, 2)) {
        return 0;
    }
    const uint8_t *p = r->data + r->position;
    r->position += 2;
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t wire_u32(wire_reader_t *r)
{
    if (!wire_has(r, 4)) {
        return 0;
    }
    const uint8_t *p = r->data + r->position;
    r->position += 4;
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Returns a pointer to the next n bytes, or NULL (and the error flag) when fewer remain. */
static inline const uint8_t *wire_bytes(wire_reader_t *r, size_t n)
{
    if (!wire_has(r, n)) {
        return NULL;
    }
    const uint8_t *p = r->data + r->position;
    r->position += n;
    return p;
}

static inline size_t wire_remaining(const wire_reader_t *r)
{
    return r->overrun ? 0 : r->length - r->position;
}

static inline wire_writer_t wire_writer(uint8_t *data, size_t capacity)
{
    wire_writer_t w = {data, capacity, 0, 0};
    return w;
}

static inline void wire_put_bytes(wire_writer_t *w, const void *bytes, size_t n)
{
    if (w->overflow || n > w->capacity - w->length) {
        w->overflow = 1;
        return;
    }
    memcpy(w->data + w->length, bytes, n);
    w->length += n;
}

static inline void wire_put_u8(wire_writer_t *w, uint8_t v)
{
    wire_put_bytes(w, &v, 1);
}

static inline void wire_put_u16(wire_writer_t *w, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    wire_put_bytes(w, b, 2);
}

static inline void wire_put_u32(wire_writer_t *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    wire_put_bytes(w, b, 4);
}

static inline void wire_put_u64(wire_writer_t *w, uint64_t v)
{
    wire_put_u32(w, (uint32_t)v);
    wire_put_u32(w, (uint32_t)(v >> 32));
}

static inline void wire_put_string(wire_writer_t *w, const char *s)
{
    size_t n = strlen(s);
    wire_put_u8(w, (uint8_t)(n > 255 ? 255 : n));
    wire_put_bytes(w, s, n > 255 ? 255 : n);
}

#endif
