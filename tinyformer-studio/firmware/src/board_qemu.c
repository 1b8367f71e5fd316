/*
 * QEMU mps2-an500 (Cortex-M7, 25 MHz system clock).
 *  - UART0: CMSDK APB UART at 0x40004000, RX interrupt on IRQ0, received bytes kept in a ring buffer.
 *  - Timer: SysTick on the processor clock. Under `-icount shift=N` QEMU's virtual clock advances
 *    2^N ns per guest instruction, so SysTick ticks are a deterministic function of the instructions
 *    executed; a boot-time calibration loop of known length converts ticks to emulated instructions.
 *  - Model store: 4 KB metadata + two 1 MB slots in the 16 MB PSRAM at 0x60000000. QEMU offers no
 *    persistent flash on mps2, so every write is mirrored through Arm semihosting into a host file
 *    (STORE_FILE, in QEMU's working directory) and the file is read back at boot: killing the emulator
 *    mid-upload leaves exactly the bytes programmed so far, as a power cut on flash would.
 */
#include <stdint.h>
#include <string.h>
#include "board.h"
#include "uart_ring.h"

#define UART0_BASE 0x40004000u
#define UART_DATA (*(volatile uint32_t *)(UART0_BASE + 0x00u))
#define UART_STATE (*(volatile uint32_t *)(UART0_BASE + 0x04u))
#define UART_CTRL (*(volatile uint32_t *)(UART0_BASE + 0x08u))
#define UART_INTCLEAR (*(volatile uint32_t *)(UART0_BASE + 0x0Cu))
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0_BASE + 0x10u))
#define UART_STATE_TX_FULL 0x1u
#define UART_STATE_RX_FULL 0x2u
#define UART_CTRL_TX_EN 0x1u
#define UART_CTRL_RX_EN 0x2u
#define UART_CTRL_RX_INT_EN 0x8u
#define UART_INT_RX 0x2u

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define NVIC_ISER0 (*(volatile uint32_t *)0xE000E100u)
#define SYSTICK_RELOAD 0x00FFFFFFu

#define STORE_BASE ((uint8_t *)0x60000000u)
#define SLOT_SIZE (1024u * 1024u)
#define STORE_SIZE (4096u + 2u * SLOT_SIZE)
#define STORE_FILE "sparse-engine-flash.img"


static volatile uint32_t systick_wraps;
static uint32_t calibration_units;  /* instructions of the calibration loop */
static uint32_t calibration_ticks;  /* SysTick ticks it took */
static int store_handle = -1;

extern uint8_t __arena_start[], __arena_end[];

/* ---- Arm semihosting (BKPT 0xAB): QEMU answers when started with -semihosting-config enable=on. ---- */
enum { SYS_OPEN = 0x01, SYS_WRITE = 0x05, SYS_READ = 0x06, SYS_SEEK = 0x0A, SYS_FLEN = 0x0C };
enum { OPEN_RB_PLUS = 3, OPEN_WB_PLUS = 7 };

static int semihost(int operation, const void *arguments)
{
    register int r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = arguments;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* Without semihosting the BKPT escalates to HardFault: step over it and report failure (-1), so the
 * store simply stays volatile instead of the board dying at boot. Any other fault halts. */
__attribute__((naked)) void board_hardfault_irq(void)
{
    __asm__ volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "ldr r1, [r0, #24]\n"      /* stacked pc */
        "ldrh r2, [r1]\n"
        "movw r3, #0xbeab\n"        /* bkpt 0xab */
        "cmp r2, r3\n"
        "bne 1f\n"
        "adds r1, r1, #2\n"
        "str r1, [r0, #24]\n"
        "mvn r2, #0\n"
        "str r2, [r0, #0]\n"        /* stacked r0 = -1 */
        "ldr r3, =0xE000ED2C\n"     /* HFSR: clear the latched DEBUGEVT */
        "ldr r2, [r3]\n"
        "str r2, [r3]\n"
        "bx lr\n"
        "1: b 1b\n");
}

static void store_open(void)
{
    static const char name[] = STORE_FILE;
    uint32_t args[3] = {(uint32_t)name, OPEN_RB_PLUS, sizeof name - 1};
    store_handle = semihost(SYS_OPEN, args);
    if (store_handle < 0) {
        args[1] = OPEN_WB_PLUS;
        store_handle = semihost(SYS_OPEN, args);
    }
    memset(STORE_BASE, 0xFF, STORE_SIZE);
    if (store_handle < 0) {
        return;
    }
    uint32_t flen_args[1] = {(uint32_t)store_handle};
    int file_length = semihost(SYS_FLEN, flen_args);
    if (file_length > 0) {
        uint32_t n = (uint32_t)file_length < STORE_SIZE ? (uint32_t)file_length : STORE_SIZE;
        uint32_t seek[2] = {(uint32_t)store_handle, 0};
        uint32_t read[3] = {(uint32_t)store_handle, (uint32_t)STORE_BASE, n};
        if (semihost(SYS_SEEK, seek) != 0 || semihost(SYS_READ, read) < 0) {
            memset(STORE_BASE, 0xFF, STORE_SIZE);
        }
    }
}

static int store_mirror(uint32_t offset, const uint8_t *data, uint32_t length)
{
    if (store_handle < 0) {
        return 0;
    }
    uint32_t seek[2] = {(uint32_t)store_handle, offset};
    uint32_t write[3] = {(uint32_t)store_handle, (uint32_t)data, length};
    return semihost(SYS_SEEK, seek) == 0 && semihost(SYS_WRITE, write) == 0 ? 0 : -1;
}

/* ---- UART ---- */
void board_uart_irq(void)
{
    UART_INTCLEAR = UART_INT_RX; /* clear first: a byte arriving while draining raises it again */
    while (UART_STATE & UART_STATE_RX_FULL) {
        uart_ring_push((uint8_t)UART_DATA);
    }
}

void board_uart_write(const uint8_t *data, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        while (UART_STATE & UART_STATE_TX_FULL) {
        }
        UART_DATA = data[i];
    }
}

/* ---- Timer ---- */
void board_systick_irq(void)
{
    systick_wraps++;
}

uint64_t board_ticks(void)
{
    uint32_t wraps, value;
    do {
        wraps = systick_wraps;
        value = SYST_CVR;
    } while (wraps != systick_wraps);
    return ((uint64_t)wraps << 24) + (SYSTICK_RELOAD - value);
}

uint64_t board_ticks_to_units(uint64_t ticks)
{
    return calibration_ticks == 0 ? ticks : (ticks * calibration_units + calibration_ticks / 2) / calibration_ticks;
}

const char *board_timer_unit(void)
{
    return "emulated-instructions";
}

/* 2^20 iterations of a two-instruction loop: the ticks it takes fix the instructions-per-tick ratio
 * for this -icount shift without the firmware having to be told the shift. */
static void calibrate(void)
{
    const uint32_t iterations = 1u << 20;
    /* Masked: a host ping arriving now would add its interrupt handler to the count (the byte waits in
     * the UART, nothing is lost). No SysTick wrap can fall inside the 2^21 instructions. */
    __asm__ volatile("cpsid i" ::: "memory");
    uint64_t start = board_ticks();
    register uint32_t count __asm__("r0") = iterations;
    __asm__ volatile("1: subs %0, %0, #1\n bne 1b\n" : "+r"(count) : : "cc");
    uint64_t ticks = board_ticks() - start;
    __asm__ volatile("cpsie i" ::: "memory");
    calibration_units = 2u * iterations;
    calibration_ticks = ticks > 0 && ticks < UINT32_MAX ? (uint32_t)ticks : 0;
}

/* ---- Store ---- */
const uint8_t *board_store_base(void)
{
    return STORE_BASE;
}

/* Byte-erasable memory: the records need no more than their own 256 bytes. */
const board_store_layout_t *board_store_layout(void)
{
    static const board_store_layout_t layout = {{0u, 256u}, {4096u, 4096u + SLOT_SIZE}, SLOT_SIZE};
    return &layout;
}

int board_store_erase(uint32_t offset, uint32_t length)
{
    if (offset > STORE_SIZE || length > STORE_SIZE - offset) {
        return -1;
    }
    memset(STORE_BASE + offset, 0xFF, length);
    /* Mirror in 1 KB pieces from the erased memory itself. */
    for (uint32_t done = 0; done < length;) {
        uint32_t n = length - done < 1024u ? length - done : 1024u;
        if (store_mirror(offset + done, STORE_BASE + offset + done, n) != 0) {
            return -1;
        }
        done += n;
    }
    return 0;
}

int board_store_write(uint32_t offset, const uint8_t *data, uint32_t length)
{
    if (offset > STORE_SIZE || length > STORE_SIZE - offset) {
        return -1;
    }
    memcpy(STORE_BASE + offset, data, length);
    return store_mirror(offset, STORE_BASE + offset, length);
}

int board_store_persistent(void)
{
    return store_handle >= 0;
}

uint8_t *board_arena(void)
{
    return __arena_start;
}

uint32_t board_arena_size(void)
{
    return (uint32_t)(__arena_end - __arena_start);
}

const char *board_name(void)
{
    return "qemu-mps2-an500";
}

void board_init(void)
{
    UART_BAUDDIV = 16; /* the CMSDK model drops TX bytes below 16 */
    UART_CTRL = UART_CTRL_TX_EN | UART_CTRL_RX_EN | UART_CTRL_RX_INT_EN;
    NVIC_ISER0 = 1u << 0;
    SYST_RVR = SYSTICK_RELOAD;
    SYST_CVR = 0;
    SYST_CSR = 0x7u; /* enable, interrupt, processor clock */
    while (SYST_CVR == 0) { /* the counter reads 0 until its first reload: no wrap to count yet */
    }
    calibrate();
    store_open();
}
