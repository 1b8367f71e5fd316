/* SparseEngine firmware: serve framed requests from the serial link forever. */
#include "board.h"
#include "commands.h"
#include "frame.h"

static frame_parser_t parser;

int main(void)
{
    board_init();
    commands_init();
    frame_parser_reset(&parser);
    for (;;) {
        int byte;
        while ((byte = board_uart_read()) >= 0) {
            frame_event_t event = frame_parser_push(&parser, (uint8_t)byte);
            if (event == FRAME_READY) {
                commands_handle(&parser.frame);
            } else if (event != FRAME_PENDING) {
                commands_reject_frame(event, &parser.frame);
            }
        }
        board_wait_for_input();
    }
}
