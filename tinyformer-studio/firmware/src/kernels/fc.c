/* FULLY_CONNECTED over T tokens, dense and sparse (INTEGER_SEMANTICS.md §4.3). */
#include "kernels.h"
#include "rows.h"

void fully_connected(const tensor_t *in, tensor_t *out, const weights_t *wt, act_t act)
{
    int16_t *col = kernel_scratch; /* Din <= KERNEL_COLUMN_MAX, checked by blob.c */
    const uint32_t tokens = (uint32_t)in->h * in->w;
    int8_t *o = out->data;
    for (uint32_t t = 0; t < tokens; t++) {
        column_put(col, 0, in->data + t * wt->length, wt->length, in->zero_point);
        rows_apply(wt, col, o, out->zero_point, act);
        o += wt->rows;
    }
}
