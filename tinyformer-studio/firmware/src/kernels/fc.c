/* FULLY_CONNECTED over T tokens, dense and sparse (INTEGER_SEMANTICS.md §4.3). */
#include "kernels.h"
#include "rows.h"

void fully_connected(const tensor_t *in, tensor_t *out, const weights_t *wt, act_t act)
{
    int16_t *col = kernel_scratch; /* Din <= KERNEL_COLUMN_MAX, checked by blob.c */
    const uint32_t tokens = (uint32_t)in->h * in->w;
    const uint32_t stride = rows_pair_stride(wt);
    uint32_t t = 0;
    if (stride != 0) { /* two tokens per pass over the rows */
        for (; t + 2u <= tokens; t += 2u) {
            column_put(col, 0, in->data + t * wt->length, wt->length, in->zero_point);
            column_put(col + stride, 0, in->data + (t + 1u) * wt->length, wt->length, in->zero_point);
            rows_apply_pair(wt, col, stride, out->data + t * wt->rows, out->zero_point, act);
        }
    }
    for (; t < tokens; t++) {
        column_put(col, 0, in->data + t * wt->length, wt->length, in->zero_point);
        rows_apply(wt, col, out->data + t * wt->rows, out->zero_point, act);
    }
}
