/* GELU (and any int8 -> int8 function) as a 256-entry table: INTEGER_SEMANTICS.md §4.10. */
#include "kernels.h"

void lookup_s8(const tensor_t *in, tensor_t *out, const int8_t *table)
{
    const uint32_t n = (uint32_t)in->h * in->w * in->c;
    for (uint32_t i = 0; i < n; i++) {
        out->data[i] = table[in->data[i] + 128];
    }
}
