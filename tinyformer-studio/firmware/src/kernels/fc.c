/* FULLY_CONNECTED over T tokens, dense and sparse (INTEGER_SEMANTICS.md §4.3). */
#include "kernels.h"
#include "rows.h"

void fully_connected(const tensor_t *in, tensor_t *out, const weights_t *wt, act_t act)
{
    int16_t *col = kernel_scratch; /* Din <= KERNEL_COLUMN_MAX, checked by blob.c */
    const uint32_t tokens = (uint32_t)in->h * in->w;
    const tiles_t tiles = tiles_plan(wt);
    if (tiles.columns != 0 && tokens >= 2u) { /* a tile of tokens per pass over the rows */
        tiles_constants(wt, &tiles, out->zero_point, act);
        for (uint32_t t = 0; t < tokens; t += tiles.columns) {
            const uint32_t n = tokens - t < tiles.columns ? tokens - t : tiles.columns;
            for (uint32_t i = 0; i < n; i++) {
                column_put(tile_column(&tiles, col, i), TILE_GROUP_STRIDE, 0, in->data + (t + i) * wt->length, wt->length, in->zero_point);
            }
            tiles_apply(wt, &tiles, col, n, out->data + t * wt->rows, out->zero_point, act);
        }
        return;
    }
    for (uint32_t t = 0; t < tokens; t++) {
        column_put(col, COLUMN_GROUP_STRIDE, 0, in->data + t * wt->length, wt->length, in->zero_point);
        rows_apply(wt, col, out->data + t * wt->rows, out->zero_point, act);
    }
}
