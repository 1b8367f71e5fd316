/* Sizes of the linked image from the linker script's symbols (same names in every board's script). */
#include <stdint.h>
#include "board.h"

extern uint8_t __flash_start[], __data_load[], __data_start[], __data_end[], __stack_top[];

uint32_t board_image_flash_bytes(void)
{
    return (uint32_t)(__data_load - __flash_start) + (uint32_t)(__data_end - __data_start);
}

uint32_t board_image_static_ram_bytes(void)
{
    return (uint32_t)(__stack_top - __data_start) - board_arena_size();
}
