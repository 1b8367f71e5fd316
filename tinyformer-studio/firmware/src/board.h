/*
 * Board abstraction: everything the engine needs from the hardware. One implementation per board:
 *   board_qemu.c      QEMU mps2-an500 (Cortex-M7): CMSDK UART, SysTick under -icount, store file via semihosting
 *   board_stm32f746.c STM32F746 (port, compile-checked only): USART1, DWT cycle counter, internal flash store
 *   board_host.c      the PC (tests and fuzzing): in-memory UART and store
 */
#ifndef SPARSE_ENGINE_BOARD_H
#define SPARSE_ENGINE_BOARD_H
#include <stddef.h>
#include <stdint.h>

void board_init(void);
const char *board_name(void);

/* Serial link. board_uart_read returns the next received byte or -1 when none is waiting. */
void board_uart_write(const uint8_t *data, size_t length);
int board_uart_read(void);
/* Sleeps until an interrupt unless a received byte is already waiting. */
void board_wait_for_input(void);

/* Timing: a free-running tick counter and its conversion to the board's unit
 * (emulated instructions on QEMU under -icount, CPU cycles on a real chip). */
uint64_t board_ticks(void);
uint64_t board_ticks_to_units(uint64_t ticks);
const char *board_timer_unit(void);

/* Persistent model store ("flash"), memory-mapped for reading at board_store_base(); offsets below
 * are relative to it. Writes must target erased bytes (0xFF); erase granularity is the board's:
 * offsets and lengths are rounded out to whole erase units (sectors). */
typedef struct {
    /* The two metadata records of model_store.c. Each lies in an erase unit of its own, so erasing
     * one record never touches the other (that is what lets a power cut keep the older one). */
    uint32_t record_offset[2];
    /* The two model slots: each starts an erase unit and shares none with a record or the other slot. */
    uint32_t slot_offset[2];
    uint32_t slot_capacity; /* bytes per slot; 0: the board has no store */
} board_store_layout_t;

const uint8_t *board_store_base(void);
const board_store_layout_t *board_store_layout(void);
int board_store_erase(uint32_t offset, uint32_t length);
int board_store_write(uint32_t offset, const uint8_t *data, uint32_t length);
/* Non-zero when writes survive a power cycle (QEMU: only with semihosting enabled). */
int board_store_persistent(void);

/* The activation arena: what the linker leaves of SRAM after code data, buffers and the stack. */
uint8_t *board_arena(void);
uint32_t board_arena_size(void);

/* The linked firmware image: flash it occupies (code, constants, .data initialisers) and SRAM it
 * occupies besides the arena (.data, .bss, stack). image.c on the boards, fixed values on the host. */
uint32_t board_image_flash_bytes(void);
uint32_t board_image_static_ram_bytes(void);

#endif
