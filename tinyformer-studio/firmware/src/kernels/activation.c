/* GELU (and any int8 -> int8 function) as a 256-entry table: INTEGER_SEMANTICS.md §4.10. */
#include "kernels.h"
#include "rows.h"

void lookup_s8(const tensor_t *in, tensor_t *out, const int8_t *table)
{
    const uint32_t n = (uint32_t)in->h * in->w * in->c;
    const int8_t *x = in->data, *const centre = table + 128; /* indexed by the signed value */
    int8_t *y = out->data;
    uint32_t i = 0;
    /* Four values a word (little-endian, as both targets are): one load and one store instead of four each. */
    for (; i + 4u <= n; i += 4u) {
        const uint32_t v = load_word(x + i);
        store_word(y + i, (uint32_t)(uint8_t)centre[(int8_t)v] | (uint32_t)(uint8_t)centre[(int8_t)(v >> 8)] << 8 |
                              (uint32_t)(uint8_t)centre[(int8_t)(v >> 16)] << 16 |
                              (uint32_t)(uint8_t)centre[(int8_t)(v >> 24)] << 24);
    }
    for (; i < n; i++) {
        y[i] = centre[x[i]];
    }
}
