package studio.mammoth.tinyformer.compile;

/** A board's memory limits in bytes: the model must fit flash (blob + runtime) and SRAM (arena + runtime). */
public record Budget(String board, int flashBytes, int sramBytes) {

    /** STM32F746 (Cortex-M7, 216 MHz): 1 MB flash, 320 KB SRAM — TinyFormer's target. */
    public static final Budget STM32F746 = new Budget("STM32F746", 1024 * 1024, 320 * 1024);

    public Budget {
        if (flashBytes <= 0 || sramBytes <= 0) {
            throw new IllegalArgumentException("budget limits must be positive");
        }
    }
}
