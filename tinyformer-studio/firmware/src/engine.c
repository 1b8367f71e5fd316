#include "engine.h"
#include <string.h>
#include "board.h"
#include "kernels/kernels.h"
#include "kernels/rows.h"
#include "protocol.h"

static blob_model_t model;
static int model_loaded;
static uint32_t layer_units[BLOB_MAX_LAYERS];
static uint16_t profiled_layers;

int engine_load(const uint8_t *blob, uint32_t length)
{
    model_loaded = 0;
    profiled_layers = 0;
    blob_status_t status = blob_parse(blob, length, &model);
    model_loaded = status == BLOB_OK && model.arena_bytes <= board_arena_size();
    return status;
}

const blob_model_t *engine_model(void)
{
    return model_loaded ? &model : NULL;
}

static tensor_t arena_tensor(uint8_t *arena, uint16_t id)
{
    blob_tensor_t t = blob_tensor(&model, id);
    tensor_t view = {(int8_t *)(arena + t.arena_offset), t.h, t.w, t.c, t.zero_point};
    return view;
}

static weights_t layer_weights(const blob_layer_t *l, uint32_t rows, uint32_t length)
{
    const int32_t *params = (const int32_t *)(const void *)(model.base + l->params_offset); /* 4-aligned: blob.c */
    return weights_view(model.base + l->weights_offset, rows, length, (l->flags & BLOB_FLAG_SPARSE) ? l->block : 0,
                        params, params + rows, params + 2 * rows);
}

static void run_layer(uint8_t *arena, const blob_layer_t *l)
{
    tensor_t in = arena_tensor(arena, l->in0);
    tensor_t out = arena_tensor(arena, l->out);
    tensor_t in1 = l->in1 != BLOB_NO_TENSOR ? arena_tensor(arena, l->in1) : in;
    act_t act = {l->act_min, l->act_max};
    window_t win = {l->kernel_h, l->kernel_w, l->stride_h, l->stride_w, l->pad_top, l->pad_left};
    const void *params = model.base + l->params_offset;
    switch (l->op) {
    case OP_CONV2D: {
        weights_t wt = layer_weights(l, out.c, (uint32_t)l->kernel_h * l->kernel_w * in.c);
        conv2d(&in, &out, &wt, &win, act);
        break;
    }
    case OP_DEPTHWISE_CONV2D: {
        weights_t wt = layer_weights(l, in.c, (uint32_t)l->kernel_h * l->kernel_w);
        depthwise_conv2d(&in, &out, &wt, &win, act);
        break;
    }
    case OP_FULLY_CONNECTED: {
        weights_t wt = layer_weights(l, out.c, in.c);
        fully_connected(&in, &out, &wt, act);
        break;
    }
    case OP_ADD: add_s8(&in, &in1, &out, l->mult, l->shift, act); break;
    case OP_AVG_POOL2D: avg_pool2d(&in, &out, &win, l->mult[0], l->shift[0], act); break;
    case OP_LAYER_NORM: {
        const int32_t *gamma = (const int32_t *)params;
        layer_norm(&in, &out, gamma, gamma + in.c, l->mult[0], l->shift[0], act);
        break;
    }
    case OP_ATTN_SCORES: attn_scores(&in, &in1, &out, l->heads, l->mult[0], l->shift[0], act); break;
    case OP_SOFTMAX: softmax_s8(&in, &out, (const uint16_t *)params); break;
    case OP_ATTN_CONTEXT: attn_context(&in, &in1, &out, l->heads, l->mult[0], l->shift[0], act); break;
    case OP_GELU: lookup_s8(&in, &out, (const int8_t *)params); break;
    default: break; /* unreachable: blob_parse rejected unknown ops */
    }
}

int engine_infer(const uint8_t *input, uint32_t length, engine_result_t *result, uint32_t *detail)
{
    if (!model_loaded) {
        *detail = 0;
        return ERR_NO_MODEL;
    }
    if (length != model.input_bytes) {
        *detail = model.input_bytes;
        return ERR_INPUT_SIZE;
    }
    uint8_t *arena = board_arena();
    blob_tensor_t in = blob_tensor(&model, model.input_tensor);
    memcpy(arena + in.arena_offset, input, length);
    profiled_layers = 0;
    uint64_t start = board_ticks();
    for (uint32_t i = 0; i < model.layer_count; i++) {
        blob_layer_t l = blob_layer(&model, i);
        uint64_t layer_start = board_ticks();
        run_layer(arena, &l);
        layer_units[i] = (uint32_t)board_ticks_to_units(board_ticks() - layer_start);
        profiled_layers = (uint16_t)(i + 1);
    }
    result->units = board_ticks_to_units(board_ticks() - start);
    blob_tensor_t out = blob_tensor(&model, model.output_tensor);
    result->output = (const int8_t *)(arena + out.arena_offset);
    result->output_length = out.size;
    return 0;
}

uint16_t engine_profile_count(void)
{
    return profiled_layers;
}

engine_layer_profile_t engine_profile_layer(uint16_t index)
{
    blob_layer_t l = blob_layer(&model, index);
    engine_layer_profile_t p = {l.op, (uint8_t)(l.flags & BLOB_FLAG_SPARSE), layer_units[index]};
    return p;
}
