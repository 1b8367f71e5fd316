package studio.mammoth.tinyformer.compile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flash and static SRAM of the SparseEngine firmware itself, read from the section sizes of its linked image
 * ({@code arm-none-eabi-size -A -d sparse-engine.elf}, written next to the ELF by the firmware build and packaged as
 * a classpath resource). Flash = vectors + code + read-only data + the initial values of .data; static SRAM =
 * .data + .bss + stack. The activation arena is not static RAM: the planner's arena peak is added separately.
 *
 * @param flashBytes     runtime code and constants in flash
 * @param staticRamBytes runtime RAM that is not the activation arena
 * @param source         where the figures come from (a path, a resource, or the measured constant)
 */
public record RuntimeFootprint(int flashBytes, int staticRamBytes, String source) {

    /** Classpath location of the size report the firmware build packages. */
    public static final String RESOURCE = "/studio/mammoth/tinyformer/board/firmware/sparse-engine.size";
    /** The size report in a source checkout, relative to the project home. */
    public static final String BUILD_FILE = "tinyformer-studio/firmware/build/qemu/sparse-engine.size";

    /**
     * Measured from the firmware build of 2026-11-23 with the tiled sparse kernels (sparse-engine.size: .isr_vector 456
     * + .text 30948 + .ARM.exidx 8 + .data 40 = 31452 flash; .data 40 + .bss 30812 + .stack 8192 = 39044 static SRAM).
     * Used only when no size report of a current build is available, and labelled as such.
     */
    public static final RuntimeFootprint MEASURED_2026_11_23 = new RuntimeFootprint(31452, 39044,
            "constant measured from the firmware build of 2026-11-23 (no sparse-engine.size found)");

    /** The packaged size report, else the one in the checkout under {@code home}, else the measured constant. */
    public static RuntimeFootprint current(Path home) {
        try (InputStream in = RuntimeFootprint.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath " + RESOURCE);
            }
        } catch (IOException | IllegalArgumentException e) {
            // fall through to the checkout's file
        }
        if (home != null) {
            Path file = home.resolve(BUILD_FILE);
            if (Files.isRegularFile(file)) {
                try {
                    return parse(Files.readString(file), file.toString());
                } catch (IOException | IllegalArgumentException e) {
                    // fall through to the constant
                }
            }
        }
        return MEASURED_2026_11_23;
    }

    /** The project home from -Dmammoth.home, else the working directory. */
    public static RuntimeFootprint current() {
        return current(Path.of(System.getProperty("mammoth.home", ".")));
    }

    /** Parses the System V output of {@code size -A -d}: lines of "section size addr". */
    public static RuntimeFootprint parse(String sizeReport, String source) {
        Map<String, Long> sections = new LinkedHashMap<>();
        for (String line : sizeReport.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].startsWith(".") && f[1].matches("\\d+")) {
                sections.put(f[0], Long.parseLong(f[1]));
            }
        }
        if (!sections.containsKey(".text")) {
            throw new IllegalArgumentException("no .text section in the size report from " + source);
        }
        long flash = 0;
        long ram = 0;
        for (Map.Entry<String, Long> s : sections.entrySet()) {
            String name = s.getKey();
            long size = s.getValue();
            if (name.equals(".isr_vector") || name.equals(".text") || name.startsWith(".rodata")
                    || name.startsWith(".ARM.ex")) {
                flash += size;
            } else if (name.equals(".data")) {
                flash += size; // initial values are copied from flash at start-up
                ram += size;
            } else if (name.equals(".bss") || name.equals(".stack") || name.equals(".heap")) {
                ram += size;
            }
        }
        return new RuntimeFootprint((int) flash, (int) ram, source);
    }
}
