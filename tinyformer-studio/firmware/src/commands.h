/* Request handlers: one complete frame in, exactly one reply frame out (through board_uart_write). */
#ifndef SPARSE_ENGINE_COMMANDS_H
#define SPARSE_ENGINE_COMMANDS_H
#include "frame.h"

/* Selects the active model from the store; call once after board_init. */
void commands_init(void);

void commands_handle(const frame_t *request);

/* Replies to a frame that failed its CRC or length check so the host resends at once. */
void commands_reject_frame(frame_event_t event, const frame_t *partial);

#endif
