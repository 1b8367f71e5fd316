#include "blob.h"
#include <stddef.h>
#include "crc32.h"
#include "kernels/kernels.h"

/* Board limits beyond the format's: the kernels' column buffers live in a fixed scratch area. */
#define MAX_ROW_LENGTH (KERNEL_SCRATCH_BYTES / 2u)      /* int16 column of a CONV2D / FC row */
#define MAX_DEPTHWISE_TAPS (KERNEL_SCRATCH_BYTES / 16u) /* 8-byte taps in at most half the scratch */
#define MAX_ATTENTION_DOT (KERNEL_SCRATCH_BYTES / 4u)   /* int16 row + at least one int16 operand */
#define MAX_SOFTMAX_ROW (KERNEL_SCRATCH_BYTES / 2u)     /* a row's uint16 exponentials */
#define MAX_NORM_WIDTH 1024u                            /* int32 deviations, also the format's limit */

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int32_t rdi32(const uint8_t *p)
{
    return (int32_t)rd32(p);
}

blob_tensor_t blob_tensor(const blob_model_t *model, uint32_t index)
{
    const uint8_t *p = model->base + BLOB_HEADER_BYTES + index * BLOB_TENSOR_BYTES;
    blob_tensor_t t = {rd16(p), rd16(p + 2), rd16(p + 4), rd32(p + 8), rd32(p + 12), rdi32(p + 20)};
    return t;
}

blob_layer_t blob_layer(const blob_model_t *model, uint32_t index)
{
    const uint8_t *p = model->base + BLOB_HEADER_BYTES + (uint32_t)model->tensor_count * BLOB_TENSOR_BYTES
                       + index * BLOB_LAYER_BYTES;
    blob_layer_t l;
    l.op = p[0];
    l.flags = p[1];
    l.block = p[2];
    l.in0 = rd16(p + 4);
    l.in1 = rd16(p + 6);
    l.out = rd16(p + 8);
    l.heads = rd16(p + 10);
    l.kernel_h = p[12];
    l.kernel_w = p[13];
    l.stride_h = p[14];
    l.stride_w = p[15];
    l.pad_top = p[16];
    l.pad_bottom = p[17];
    l.pad_left = p[18];
    l.pad_right = p[19];
    l.act_min = (int8_t)p[20];
    l.act_max = (int8_t)p[21];
    l.weights_offset = rd32(p + 24);
    l.weights_size = rd32(p + 28);
    l.params_offset = rd32(p + 32);
    l.params_size = rd32(p + 36);
    for (int i = 0; i < 3; i++) {
        l.mult[i] = rdi32(p + 40 + 8 * i);
        l.shift[i] = rdi32(p + 44 + 8 * i);
    }
    return l;
}

/* ---- header and tensors ---- */

static int scale_valid(uint32_t bits)
{
    return bits > 0u && bits < 0x7F800000u; /* positive, non-zero, finite */
}

static blob_status_t check_header(const uint8_t *d, uint32_t length, blob_model_t *m)
{
    if (length < BLOB_HEADER_BYTES) {
        return BLOB_TOO_SHORT;
    }
    if (d[0] != 'T' || d[1] != 'F' || d[2] != 'M' || d[3] != 'B') {
        return BLOB_BAD_MAGIC;
    }
    if (rd16(d + 4) != BLOB_FORMAT_VERSION) {
        return BLOB_BAD_VERSION;
    }
    uint32_t total = rd32(d + 8);
    if (rd16(d + 6) != BLOB_HEADER_BYTES || total != length) {
        return BLOB_BAD_HEADER;
    }
    if (crc32_compute(d + 16, length - 16u) != rd32(d + 12)) {
        return BLOB_BAD_CRC;
    }
    uint32_t tensors = rd16(d + 16), layers = rd16(d + 18);
    if (tensors < 1 || tensors > BLOB_MAX_TENSORS || layers < 1 || layers > BLOB_MAX_LAYERS) {
        return BLOB_BAD_HEADER;
    }
    uint32_t layer_table = BLOB_HEADER_BYTES + BLOB_TENSOR_BYTES * tensors;
    uint32_t data_offset = layer_table + BLOB_LAYER_BYTES * layers;
    uint32_t data_size = rd32(d + 32);
    if (rd32(d + 20) != BLOB_HEADER_BYTES || rd32(d + 24) != layer_table || rd32(d + 28) != data_offset
        || data_offset > length || data_size != length - data_offset || rd32(d + 60) != 0) {
        return BLOB_BAD_HEADER;
    }
    uint32_t arena = rd32(d + 36);
    if (arena < 4 || arena % 4 != 0) {
        return BLOB_BAD_ARENA;
    }
    m->base = d;
    m->length = length;
    m->tensor_count = (uint16_t)tensors;
    m->layer_count = (uint16_t)layers;
    m->arena_bytes = arena;
    m->input_tensor = rd16(d + 40);
    m->output_tensor = rd16(d + 42);
    return BLOB_OK;
}

static blob_status_t check_tensors(const uint8_t *d, blob_model_t *m)
{
    for (uint32_t i = 0; i < m->tensor_count; i++) {
        const uint8_t *p = d + BLOB_HEADER_BYTES + i * BLOB_TENSOR_BYTES;
        blob_tensor_t t = blob_tensor(m, i);
        m->failed_index = i;
        if (t.h < 1 || t.w < 1 || t.c < 1 || rd16(p + 6) != 0 || (uint64_t)t.h * t.w * t.c != t.size
            || !scale_valid(rd32(p + 16)) || t.zero_point < -128 || t.zero_point > 127) {
            return BLOB_BAD_TENSOR;
        }
        if (t.arena_offset % 4 != 0 || (uint64_t)t.arena_offset + t.size > m->arena_bytes) {
            return BLOB_BAD_ARENA;
        }
    }
    if (m->input_tensor >= m->tensor_count || m->output_tensor >= m->tensor_count || m->input_tensor == m->output_tensor) {
        return BLOB_BAD_IO_TENSORS;
    }
    blob_tensor_t in = blob_tensor(m, m->input_tensor), out = blob_tensor(m, m->output_tensor);
    const uint8_t *in_raw = d + BLOB_HEADER_BYTES + m->input_tensor * BLOB_TENSOR_BYTES;
    if (rd16(d + 44) != in.h || rd16(d + 46) != in.w || rd16(d + 48) != in.c
        || (int16_t)rd16(d + 50) != in.zero_point || rd32(d + 52) != rd32(in_raw + 16) || rd32(d + 56) != out.size) {
        return BLOB_BAD_IO_TENSORS;
    }
    m->input_bytes = in.size;
    m->output_bytes = out.size;
    return BLOB_OK;
}

/* ---- layers ---- */

enum {
    USES_IN1 = 1 << 0, USES_HEADS = 1 << 1, USES_KERNEL = 1 << 2, USES_STRIDE = 1 << 3, USES_PADS = 1 << 4,
    USES_ACT = 1 << 5, USES_WEIGHTS = 1 << 6, USES_PARAMS = 1 << 7, USES_M0 = 1 << 8, USES_M1 = 1 << 9, USES_M2 = 1 << 10
};

static uint32_t op_fields(uint8_t op)
{
    switch (op) {
    case OP_CONV2D:
    case OP_DEPTHWISE_CONV2D: return USES_KERNEL | USES_STRIDE | USES_PADS | USES_ACT | USES_WEIGHTS | USES_PARAMS;
    case OP_FULLY_CONNECTED: return USES_ACT | USES_WEIGHTS | USES_PARAMS;
    case OP_ADD: return USES_IN1 | USES_ACT | USES_M0 | USES_M1 | USES_M2;
    case OP_AVG_POOL2D: return USES_KERNEL | USES_STRIDE | USES_ACT | USES_M0;
    case OP_LAYER_NORM: return USES_ACT | USES_M0 | USES_PARAMS;
    case OP_ATTN_SCORES:
    case OP_ATTN_CONTEXT: return USES_IN1 | USES_HEADS | USES_ACT | USES_M0;
    case OP_SOFTMAX:
    case OP_GELU: return USES_PARAMS;
    default: return 0;
    }
}

static int quant_valid(int32_t mult, int32_t shift)
{
    return mult >= (1 << 30) && shift >= -31 && shift <= 30; /* mult <= 2^31-1 by its type */
}

static int region_valid(const blob_model_t *m, uint32_t offset, uint32_t size)
{
    uint32_t data_offset = rd32(m->base + 28);
    return offset % 4 == 0 && offset >= data_offset && offset <= m->length && size <= m->length - offset;
}

static uint32_t align4(uint32_t v)
{
    return (v + 3u) & ~3u;
}

static blob_status_t check_fields(const blob_layer_t *l, uint32_t uses, const blob_model_t *m)
{
    if (l->in0 >= m->tensor_count || l->out >= m->tensor_count
        || ((uses & USES_IN1) ? l->in1 >= m->tensor_count : l->in1 != BLOB_NO_TENSOR)) {
        return BLOB_BAD_FIELD;
    }
    if (!(uses & USES_HEADS) && l->heads != 0) {
        return BLOB_BAD_FIELD;
    }
    if (!(uses & USES_KERNEL) && (l->kernel_h | l->kernel_w)) {
        return BLOB_BAD_FIELD;
    }
    if (!(uses & USES_STRIDE) && (l->stride_h | l->stride_w)) {
        return BLOB_BAD_FIELD;
    }
    if (!(uses & USES_PADS) && (l->pad_top | l->pad_bottom | l->pad_left | l->pad_right)) {
        return BLOB_BAD_FIELD;
    }
    if ((uses & USES_ACT) ? l->act_min > l->act_max : (l->act_min != -128 || l->act_max != 127)) {
        return BLOB_BAD_FIELD;
    }
    if (!(uses & USES_WEIGHTS) && (l->weights_offset | l->weights_size)) {
        return BLOB_BAD_FIELD;
    }
    if (!(uses & USES_PARAMS) && (l->params_offset | l->params_size)) {
        return BLOB_BAD_FIELD;
    }
    static const uint32_t uses_m[3] = {USES_M0, USES_M1, USES_M2};
    for (int i = 0; i < 3; i++) {
        if ((uses & uses_m[i]) ? !quant_valid(l->mult[i], l->shift[i]) : (l->mult[i] | l->shift[i]) != 0) {
            return (uses & uses_m[i]) ? BLOB_BAD_QUANT : BLOB_BAD_FIELD;
        }
    }
    return BLOB_OK;
}

/* Weights of R rows of L: dense size, or the block run-length structure walked row by row. */
static blob_status_t check_weights(const blob_model_t *m, const blob_layer_t *l, uint32_t rows, uint32_t length,
                                   uint32_t block_divides)
{
    if (!region_valid(m, l->weights_offset, l->weights_size)) {
        return BLOB_BAD_WEIGHTS;
    }
    if (!(l->flags & BLOB_FLAG_SPARSE)) {
        return (uint64_t)rows * length == l->weights_size ? BLOB_OK : BLOB_BAD_WEIGHTS;
    }
    const uint32_t b = l->block;
    if (length % b != 0 || block_divides % b != 0 || length / b > 65535u) {
        return BLOB_BAD_SPARSE;
    }
    const uint32_t blocks_per_row = length / b;
    const uint8_t *w = m->base + l->weights_offset;
    const uint32_t counts_bytes = align4(2u * rows);
    if (counts_bytes > l->weights_size) {
        return BLOB_BAD_SPARSE;
    }
    uint64_t kept64 = 0;
    for (uint32_t r = 0; r < rows; r++) {
        kept64 += rd16(w + 2 * r);
    }
    if (kept64 > l->weights_size) {
        return BLOB_BAD_SPARSE;
    }
    const uint32_t kept = (uint32_t)kept64;
    for (uint32_t i = 2u * rows; i < counts_bytes; i++) {
        if (w[i] != 0) {
            return BLOB_BAD_SPARSE;
        }
    }
    if ((uint64_t)counts_bytes + align4(kept) + (uint64_t)kept * b != l->weights_size) {
        return BLOB_BAD_SPARSE;
    }
    const uint8_t *skips = w + counts_bytes;
    for (uint32_t i = kept; i < align4(kept); i++) {
        if (skips[i] != 0) {
            return BLOB_BAD_SPARSE;
        }
    }
    uint32_t k = 0;
    for (uint32_t r = 0; r < rows; r++) {
        uint32_t next_block = 0; /* block index of the next kept block when its skip is 0 */
        for (uint32_t n = rd16(w + 2 * r); n > 0; n--, k++) {
            next_block += skips[k];
            if (next_block >= blocks_per_row) {
                return BLOB_BAD_SPARSE;
            }
            next_block++;
        }
    }
    return BLOB_OK;
}

static blob_status_t check_row_params(const blob_model_t *m, const blob_layer_t *l, uint32_t rows)
{
    if ((uint64_t)rows * 12u != l->params_size || !region_valid(m, l->params_offset, l->params_size)) {
        return BLOB_BAD_PARAMS;
    }
    const uint8_t *p = m->base + l->params_offset;
    for (uint32_t r = 0; r < rows; r++) {
        int32_t bias = rdi32(p + 4 * r), mult = rdi32(p + 4 * (rows + r)), shift = rdi32(p + 4 * (2 * rows + r));
        if (bias > (1 << 30) || bias < -(1 << 30) || !quant_valid(mult, shift)) {
            return BLOB_BAD_PARAMS;
        }
    }
    return BLOB_OK;
}

static int same_shape(blob_tensor_t a, blob_tensor_t b)
{
    return a.h == b.h && a.w == b.w && a.c == b.c;
}

static blob_status_t check_window(const blob_layer_t *l, blob_tensor_t in, blob_tensor_t out, int padded)
{
    if (l->kernel_h < 1 || l->kernel_w < 1 || l->stride_h < 1 || l->stride_w < 1) {
        return BLOB_BAD_SHAPE;
    }
    uint32_t pt = padded ? l->pad_top : 0, pb = padded ? l->pad_bottom : 0;
    uint32_t pl = padded ? l->pad_left : 0, pr = padded ? l->pad_right : 0;
    if (padded && (pt >= l->kernel_h || pb >= l->kernel_h || pl >= l->kernel_w || pr >= l->kernel_w)) {
        return BLOB_BAD_SHAPE;
    }
    uint32_t hp = in.h + pt + pb, wp = in.w + pl + pr;
    if (hp < l->kernel_h || wp < l->kernel_w || out.h != (hp - l->kernel_h) / l->stride_h + 1
        || out.w != (wp - l->kernel_w) / l->stride_w + 1) {
        return BLOB_BAD_SHAPE;
    }
    return BLOB_OK;
}

static blob_status_t check_op(const blob_model_t *m, const blob_layer_t *l)
{
    blob_tensor_t in = blob_tensor(m, l->in0), out = blob_tensor(m, l->out);
    blob_tensor_t in1 = l->in1 < m->tensor_count ? blob_tensor(m, l->in1) : in;
    blob_status_t s;
    switch (l->op) {
    case OP_CONV2D: {
        uint32_t length = (uint32_t)l->kernel_h * l->kernel_w * in.c;
        if ((s = check_window(l, in, out, 1)) != BLOB_OK || length > 32768u) {
            return s != BLOB_OK ? s : BLOB_BAD_SHAPE;
        }
        if ((s = check_weights(m, l, out.c, length, in.c)) != BLOB_OK || (s = check_row_params(m, l, out.c)) != BLOB_OK) {
            return s;
        }
        return length > MAX_ROW_LENGTH ? BLOB_UNSUPPORTED : BLOB_OK;
    }
    case OP_DEPTHWISE_CONV2D: {
        uint32_t length = (uint32_t)l->kernel_h * l->kernel_w;
        if ((s = check_window(l, in, out, 1)) != BLOB_OK || out.c != in.c || length > 32768u) {
            return s != BLOB_OK ? s : BLOB_BAD_SHAPE;
        }
        if ((s = check_weights(m, l, in.c, length, length)) != BLOB_OK || (s = check_row_params(m, l, in.c)) != BLOB_OK) {
            return s;
        }
        return length > MAX_DEPTHWISE_TAPS ? BLOB_UNSUPPORTED : BLOB_OK;
    }
    case OP_FULLY_CONNECTED:
        if (out.h != in.h || out.w != in.w || in.c > 32768u) {
            return BLOB_BAD_SHAPE;
        }
        if ((s = check_weights(m, l, out.c, in.c, in.c)) != BLOB_OK || (s = check_row_params(m, l, out.c)) != BLOB_OK) {
            return s;
        }
        return in.c > MAX_ROW_LENGTH ? BLOB_UNSUPPORTED : BLOB_OK;
    case OP_ADD:
        return same_shape(in, in1) && same_shape(in, out) ? BLOB_OK : BLOB_BAD_SHAPE;
    case OP_AVG_POOL2D:
        if ((s = check_window(l, in, out, 0)) != BLOB_OK) {
            return s;
        }
        return out.c == in.c && (uint32_t)l->kernel_h * l->kernel_w <= 65535u ? BLOB_OK : BLOB_BAD_SHAPE;
    case OP_LAYER_NORM: {
        if (!same_shape(in, out) || in.c < 2 || in.c > MAX_NORM_WIDTH) {
            return BLOB_BAD_SHAPE;
        }
        if (l->params_size != 8u * in.c || !region_valid(m, l->params_offset, l->params_size)) {
            return BLOB_BAD_PARAMS;
        }
        const uint8_t *p = m->base + l->params_offset;
        for (uint32_t i = 0; i < in.c; i++) {
            int32_t gamma = rdi32(p + 4 * i), beta = rdi32(p + 4 * (in.c + i));
            if (gamma < -32767 || gamma > 32767 || beta > (1 << 29) || beta < -(1 << 29)) {
                return BLOB_BAD_PARAMS;
            }
        }
        return BLOB_OK;
    }
    case OP_ATTN_SCORES: {
        uint32_t tokens = (uint32_t)in.h * in.w;
        if (!same_shape(in, in1) || l->heads < 1 || in.c % l->heads != 0 || in.c / l->heads > 16384u
            || tokens > 16384u || out.h != l->heads || out.w != tokens || out.c != tokens) {
            return BLOB_BAD_SHAPE;
        }
        return in.c / l->heads > MAX_ATTENTION_DOT ? BLOB_UNSUPPORTED : BLOB_OK;
    }
    case OP_SOFTMAX: {
        if (!same_shape(in, out) || out.zero_point != -128) {
            return BLOB_BAD_SHAPE;
        }
        if (l->params_size != 512u || !region_valid(m, l->params_offset, l->params_size)) {
            return BLOB_BAD_PARAMS;
        }
        const uint8_t *table = m->base + l->params_offset;
        for (uint32_t i = 0; i < 256; i++) {
            uint16_t e = rd16(table + 2 * i);
            if (e > 32768u || (i == 0 && e < 1)) {
                return BLOB_BAD_PARAMS;
            }
        }
        return in.c > MAX_SOFTMAX_ROW ? BLOB_UNSUPPORTED : BLOB_OK;
    }
    case OP_ATTN_CONTEXT: {
        uint32_t tokens = (uint32_t)in1.h * in1.w;
        if (l->heads < 1 || in.h != l->heads || in.w != tokens || in.c != tokens || in1.c % l->heads != 0
            || tokens > 16384u || !same_shape(out, in1)) {
            return BLOB_BAD_SHAPE;
        }
        return tokens > MAX_ATTENTION_DOT ? BLOB_UNSUPPORTED : BLOB_OK;
    }
    case OP_GELU:
        if (!same_shape(in, out)) {
            return BLOB_BAD_SHAPE;
        }
        return l->params_size == 256u && region_valid(m, l->params_offset, l->params_size) ? BLOB_OK : BLOB_BAD_PARAMS;
    default:
        return BLOB_BAD_OP;
    }
}

static int overlaps(blob_tensor_t a, blob_tensor_t b)
{
    return a.arena_offset < b.arena_offset + b.size && b.arena_offset < a.arena_offset + a.size;
}

static blob_status_t check_layers(blob_model_t *m)
{
    /* produced[t]: tensor t has a producer among the layers checked so far. */
    uint8_t produced[BLOB_MAX_TENSORS / 8] = {0};
#define PRODUCED(t) (produced[(t) >> 3] & (1u << ((t) & 7u)))
    const uint8_t *table = m->base + BLOB_HEADER_BYTES + (uint32_t)m->tensor_count * BLOB_TENSOR_BYTES;
    for (uint32_t i = 0; i < m->layer_count; i++) {
        const uint8_t *raw = table + i * BLOB_LAYER_BYTES;
        blob_layer_t l = blob_layer(m, i);
        m->failed_index = i;
        uint32_t uses = op_fields(l.op);
        if (uses == 0) {
            return BLOB_BAD_OP;
        }
        if (raw[3] != 0 || rd16(raw + 22) != 0) {
            return BLOB_BAD_FIELD;
        }
        int sparse_allowed = l.op == OP_CONV2D || l.op == OP_DEPTHWISE_CONV2D || l.op == OP_FULLY_CONNECTED;
        if (l.flags & ~BLOB_FLAG_SPARSE) {
            return BLOB_BAD_OP;
        }
        if (l.flags & BLOB_FLAG_SPARSE) {
            if (!sparse_allowed || !(l.block == 1 || l.block == 4 || l.block == 8 || l.block == 16)) {
                return BLOB_BAD_OP;
            }
        } else if (l.block != 0) {
            return BLOB_BAD_OP;
        }
        blob_status_t s = check_fields(&l, uses, m);
        if (s != BLOB_OK) {
            return s;
        }
        /* Graph: inputs exist already, the output is produced here for the first time. */
        uint16_t inputs[2] = {l.in0, l.in1};
        for (int k = 0; k < 2; k++) {
            uint16_t t = inputs[k];
            if (t == BLOB_NO_TENSOR) {
                continue;
            }
            if (t != m->input_tensor && !PRODUCED(t)) {
                return BLOB_BAD_GRAPH;
            }
            if (t == l.out || overlaps(blob_tensor(m, t), blob_tensor(m, l.out))) {
                return BLOB_ALIASING;
            }
        }
        if (l.out == m->input_tensor || PRODUCED(l.out)) {
            return BLOB_BAD_GRAPH;
        }
        produced[l.out >> 3] |= (uint8_t)(1u << (l.out & 7u));
        if ((s = check_op(m, &l)) != BLOB_OK) {
            return s;
        }
    }
    m->failed_index = m->output_tensor;
    if (!PRODUCED(m->output_tensor)) {
        return BLOB_BAD_GRAPH;
    }
    for (uint32_t t = 0; t < m->tensor_count; t++) {
        m->failed_index = t;
        if (t != m->input_tensor && !PRODUCED(t)) {
            return BLOB_BAD_GRAPH;
        }
    }
#undef PRODUCED
    return BLOB_OK;
}

blob_status_t blob_parse(const uint8_t *data, uint32_t length, blob_model_t *model)
{
    model->failed_index = 0;
    model->layer_count = 0;
    if (data == NULL) {
        return BLOB_TOO_SHORT;
    }
    blob_status_t s = check_header(data, length, model);
    if (s == BLOB_OK) {
        s = check_tensors(data, model);
    }
    if (s == BLOB_OK) {
        s = check_layers(model);
    }
    if (s != BLOB_OK) {
        model->layer_count = 0;
    }
    return s;
}
