/*
 * libFuzzer harness of the serial side: the frame parser and every request handler behind it, with
 * the two-slot store and the interpreter, on the host board.
 * Input byte 0 picks the mode: even = the rest is a raw byte stream fed to the parser (sync hunting,
 * bad lengths, bad CRCs); odd = the rest is a list of (type u8, length u8, payload) records sent as
 * frames with a correct CRC, so the fuzzer reaches the handlers' field validation.
 */
#include <stddef.h>
#include <stdint.h>
#include "board.h"
#include "commands.h"
#include "frame.h"

static frame_parser_t parser;
static uint8_t wire[FRAME_HEADER_BYTES + FRAME_MAX_PAYLOAD + FRAME_CRC_BYTES];

static void feed(const uint8_t *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        frame_event_t ev = frame_parser_push(&parser, bytes[i]);
        if (ev == FRAME_READY) {
            commands_handle(&parser.frame);
        } else if (ev != FRAME_PENDING) {
            commands_reject_frame(ev, &parser.frame);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int initialised;
    if (!initialised) {
        board_init();
        initialised = 1;
    }
    commands_init(); /* boot path: re-reads the store the previous inputs may have written */
    frame_parser_reset(&parser);
    if (size == 0) {
        return 0;
    }
    if ((data[0] & 1u) == 0) {
        feed(data + 1, size - 1);
        return 0;
    }
    size_t at = 1;
    uint8_t seq = 0;
    while (at + 2 <= size) {
        uint8_t type = data[at];
        size_t length = data[at + 1];
        at += 2;
        if (length > size - at) {
            length = size - at;
        }
        size_t n = frame_encode(wire, sizeof wire, type, seq++, data + at, (uint16_t)length);
        feed(wire, n);
        at += length;
    }
    return 0;
}
