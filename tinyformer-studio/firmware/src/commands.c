#include "commands.h"
#include "bench.h"
#include "blob.h"
#include "board.h"
#include "engine.h"
#include "model_store.h"
#include "wire.h"

static uint8_t reply_buffer[FRAME_HEADER_BYTES + FRAME_MAX_PAYLOAD + FRAME_CRC_BYTES];
static uint8_t reply_payload[FRAME_MAX_PAYLOAD];
static uint32_t frame_errors;

static void send(uint8_t type, uint8_t seq, const wire_writer_t *w)
{
    size_t n = frame_encode(reply_buffer, sizeof reply_buffer, type, seq, w->data, (uint16_t)w->length);
    board_uart_write(reply_buffer, n);
}

static void send_error(uint8_t request_type, uint8_t seq, uint16_t code, uint32_t detail, const char *message)
{
    wire_writer_t w = wire_writer(reply_payload, sizeof reply_payload);
    wire_put_u8(&w, request_type);
    wire_put_u16(&w, code);
    wire_put_u32(&w, detail);
    wire_put_string(&w, message);
    send(MSG_ERROR, seq, &w);
}

static void activate_engine(void)
{
    uint32_t length, crc;
    int slot;
    const uint8_t *blob = model_store_active(&length, &crc, &slot);
    engine_load(blob, length);
}

void commands_init(void)
{
    model_store_init();
    activate_engine();
}

void commands_reject_frame(frame_event_t event, const frame_t *partial)
{
    frame_errors++;
    if (event == FRAME_BAD_CRC) {
        send_error(partial->type, partial->seq, ERR_FRAME_CRC, 0, "frame CRC mismatch: resend");
    } else {
        send_error(partial->type, partial->seq, ERR_FRAME_LENGTH, partial->length, "frame length above the maximum");
    }
}

static void put_stage(wire_writer_t *w)
{
    stage_status_t stage = model_store_stage();
    wire_put_u8(w, (uint8_t)stage.state);
    wire_put_u32(w, stage.total);
    wire_put_u32(w, stage.crc);
    wire_put_u32(w, stage.next_offset);
}

static void handle_ping(const frame_t *f, wire_writer_t *w)
{
    wire_put_u32(w, PING_MAGIC);
    wire_put_u16(w, PROTOCOL_VERSION);
    wire_put_string(w, FIRMWARE_VERSION);
    wire_put_string(w, board_name());
    send(f->type | MSG_REPLY_FLAG, f->seq, w);
}

static void handle_info(const frame_t *f, wire_writer_t *w)
{
    uint32_t length, crc;
    int slot;
    model_store_active(&length, &crc, &slot);
    const blob_model_t *model = engine_model();
    wire_put_string(w, board_name());
    wire_put_string(w, FIRMWARE_VERSION);
    wire_put_u16(w, PROTOCOL_VERSION);
    wire_put_string(w, board_timer_unit());
    wire_put_u16(w, FRAME_MAX_PAYLOAD);
    wire_put_u32(w, model_store_slot_capacity());
    wire_put_u32(w, board_arena_size());
    wire_put_u32(w, board_image_flash_bytes());
    wire_put_u32(w, board_image_static_ram_bytes());
    wire_put_u8(w, (uint8_t)board_store_persistent());
    wire_put_u8(w, (uint8_t)(slot < 0 ? 0xFF : slot));
    wire_put_u32(w, length);
    wire_put_u32(w, crc);
    wire_put_u32(w, model ? model->input_bytes : 0);
    wire_put_u32(w, model ? model->output_bytes : 0);
    wire_put_u16(w, model ? model->layer_count : 0);
    wire_put_u32(w, model ? model->arena_bytes : 0);
    put_stage(w);
    wire_put_u32(w, frame_errors);
    wire_put_u32(w, (uint32_t)board_ticks_to_units(1000u)); /* timer resolution: units per 1000 ticks */
    send(f->type | MSG_REPLY_FLAG, f->seq, w);
}

static int handle_load(const frame_t *f, wire_writer_t *w, uint32_t *detail)
{
    wire_reader_t r = wire_reader(f->payload, f->length);
    int code = 0;
    if (f->type == MSG_LOAD_BEGIN) {
        uint32_t total = wire_u32(&r);
        uint32_t crc = wire_u32(&r);
        if (r.overrun || wire_remaining(&r) != 0) {
            *detail = f->length;
            return ERR_BAD_PAYLOAD;
        }
        code = model_store_begin(total, crc, detail);
    } else if (f->type == MSG_LOAD_CHUNK) {
        uint32_t offset = wire_u32(&r);
        if (r.overrun) {
            *detail = f->length;
            return ERR_BAD_PAYLOAD;
        }
        uint32_t n = (uint32_t)wire_remaining(&r);
        code = model_store_chunk(offset, wire_bytes(&r, n), n, detail);
    } else if (f->length != 0) {
        *detail = f->length;
        return ERR_BAD_PAYLOAD;
    }
    if (code == 0) {
        put_stage(w);
        send(f->type | MSG_REPLY_FLAG, f->seq, w);
    }
    return code;
}

static int handle_verify(const frame_t *f, wire_writer_t *w, uint32_t *detail)
{
    uint32_t computed;
    int code = model_store_verify(&computed, detail);
    if (code == 0) {
        wire_put_u32(w, computed);
        wire_put_u32(w, model_store_stage().total);
        send(f->type | MSG_REPLY_FLAG, f->seq, w);
    }
    return code;
}

static int handle_activate(const frame_t *f, wire_writer_t *w, uint32_t *detail)
{
    int code = model_store_activate(detail);
    if (code == 0) {
        activate_engine();
        uint32_t length, crc;
        int slot;
        model_store_active(&length, &crc, &slot);
        wire_put_u8(w, (uint8_t)slot);
        wire_put_u32(w, crc);
        wire_put_u32(w, length);
        send(f->type | MSG_REPLY_FLAG, f->seq, w);
    }
    return code;
}

static int handle_infer(const frame_t *f, wire_writer_t *w, uint32_t *detail)
{
    engine_result_t result;
    int code = engine_infer(f->payload, f->length, &result, detail);
    if (code == 0 && result.output_length > FRAME_MAX_PAYLOAD - 10u) {
        *detail = result.output_length;
        return ERR_BAD_PAYLOAD;
    }
    if (code == 0) {
        wire_put_u64(w, result.units);
        wire_put_u16(w, (uint16_t)result.output_length);
        wire_put_bytes(w, result.output, result.output_length);
        send(f->type | MSG_REPLY_FLAG, f->seq, w);
    }
    return code;
}

static int handle_profile(const frame_t *f, wire_writer_t *w, uint32_t *detail)
{
    /* Paged: {first u16} -> {total u16, first u16, n u16, n x (op u8, sparse u8, units u32)}. */
    wire_reader_t r = wire_reader(f->payload, f->length);
    uint16_t first = wire_u16(&r);
    uint16_t total = engine_profile_count();
    if (r.overrun || wire_remaining(&r) != 0 || first > total) {
        *detail = first;
        return ERR_BAD_PAYLOAD;
    }
    const uint16_t per_frame = (FRAME_MAX_PAYLOAD - 6u) / 6u;
    uint16_t n = total - first < per_frame ? total - first : per_frame;
    wire_put_u16(w, total);
    wire_put_u16(w, first);
    wire_put_u16(w, n);
    for (uint16_t i = first; i < first + n; i++) {
        engine_layer_profile_t p = engine_profile_layer(i);
        wire_put_u8(w, p.op);
        wire_put_u8(w, p.sparse);
        wire_put_u32(w, p.units);
    }
    send(f->type | MSG_REPLY_FLAG, f->seq, w);
    return 0;
}

static int handle_bench(const frame_t *f, wire_writer_t *w, uint32_t *detail)
{
    wire_reader_t r = wire_reader(f->payload, f->length);
    bench_request_t request;
    int code = bench_parse(&r, &request, detail);
    if (code != 0) {
        return code;
    }
    bench_result_t result;
    code = bench_run(&request, &result, detail);
    if (code == 0) {
        wire_put_u64(w, result.dense_units);
        wire_put_u64(w, result.sparse_units);
        wire_put_u32(w, result.nonzero_weights);
        wire_put_u32(w, result.total_weights);
        wire_put_u32(w, result.encoded_bytes);
        wire_put_u8(w, result.outputs_equal);
        send(f->type | MSG_REPLY_FLAG, f->seq, w);
    }
    return code;
}

static const char *error_message(int code)
{
    switch (code) {
    case ERR_UNKNOWN_TYPE: return "unknown message type";
    case ERR_BAD_PAYLOAD: return "payload size or field out of range";
    case ERR_NO_SPACE: return "model larger than a slot";
    case ERR_OFFSET: return "chunk offset is not the next expected one";
    case ERR_NOT_STAGED: return "no complete upload staged";
    case ERR_VERIFY_CRC: return "staged bytes do not match the announced CRC";
    case ERR_BLOB_INVALID: return "blob rejected by the validator";
    case ERR_NOT_VERIFIED: return "activate needs a verified upload";
    case ERR_NO_MODEL: return "no active model";
    case ERR_INPUT_SIZE: return "input size differs from the model's";
    case ERR_ARENA: return "activations do not fit the arena";
    case ERR_STORE_IO: return "store write failed";
    case ERR_RUNTIME: return "inference stopped on an inconsistent layer";
    default: return "error";
    }
}

void commands_handle(const frame_t *request)
{
    wire_writer_t w = wire_writer(reply_payload, sizeof reply_payload);
    uint32_t detail = 0;
    int code = 0;
    switch (request->type) {
    case MSG_PING: handle_ping(request, &w); break;
    case MSG_INFO: handle_info(request, &w); break;
    case MSG_LOAD_BEGIN:
    case MSG_LOAD_CHUNK:
    case MSG_LOAD_STATUS: code = handle_load(request, &w, &detail); break;
    case MSG_VERIFY: code = handle_verify(request, &w, &detail); break;
    case MSG_ACTIVATE: code = handle_activate(request, &w, &detail); break;
    case MSG_INFER: code = handle_infer(request, &w, &detail); break;
    case MSG_PROFILE: code = handle_profile(request, &w, &detail); break;
    case MSG_BENCH: code = handle_bench(request, &w, &detail); break;
    default: code = ERR_UNKNOWN_TYPE; detail = request->type; break;
    }
    if (code != 0) {
        send_error(request->type, request->seq, (uint16_t)code, detail, error_message(code));
    }
}
