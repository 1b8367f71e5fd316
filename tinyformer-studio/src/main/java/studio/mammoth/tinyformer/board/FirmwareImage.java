package studio.mammoth.tinyformer.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The SparseEngine image for the emulated board, built by the Maven build (firmware/Makefile) into this
 * module's classpath, and its linked section sizes (arm-none-eabi-size -A) for the memory bars and the
 * compiler's cost model.
 */
public final class FirmwareImage {
    private static final String RESOURCE_DIR = "firmware/";
    private static volatile FirmwareImage loaded;

    private final byte[] elf;
    private final Sizes sizes;

    private FirmwareImage(byte[] elf, Sizes sizes) {
        this.elf = elf;
        this.sizes = sizes;
    }

    /** The image on the classpath; fails with a clear message when the firmware was not built. */
    public static FirmwareImage qemu() {
        FirmwareImage image = loaded;
        if (image == null) {
            byte[] elf = resource("sparse-engine.elf");
            String size = new String(resource("sparse-engine.size"), StandardCharsets.UTF_8);
            loaded = image = new FirmwareImage(elf, Sizes.parse(size));
        }
        return image;
    }

    private static byte[] resource(String name) {
        try (InputStream in = FirmwareImage.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("firmware " + name + " is not on the classpath: build tinyformer-studio "
                        + "(it runs make in tinyformer-studio/firmware; needs gcc-arm-none-eabi and libnewlib-arm-none-eabi)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Sizes sizes() {
        return sizes;
    }

    /** Writes the ELF into dir (named by its CRC, so concurrent studios share it) and returns the path. */
    public Path extractTo(Path dir) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(elf);
        Path target = dir.resolve(String.format("sparse-engine-%08x.elf", crc.getValue()));
        if (!Files.isRegularFile(target) || Files.size(target) != elf.length) {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "sparse-engine", ".tmp");
            Files.write(tmp, elf);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    /**
     * Linked sizes in bytes.
     *
     * @param code   flash from the vector table to the end of code and constants, alignment gaps included
     * @param data   initialised data (its initial values follow the code in flash, the variables are in SRAM)
     * @param bss    zero-initialised data: buffers, kernel scratch, profile
     * @param arena  SRAM left for activations
     * @param stack  main stack
     */
    public record Sizes(long code, long data, long bss, long arena, long stack) {
        public static final long FLASH_LIMIT = 1024 * 1024;
        public static final long SRAM_LIMIT = 320 * 1024;
        private static final List<String> FLASH_SECTIONS = List.of(".isr_vector", ".text", ".ARM.exidx");

        /** Flash the firmware occupies (what the cost model adds to the blob). */
        public long flashBytes() {
            return code + data;
        }

        /** SRAM the firmware occupies besides the arena (what the cost model adds to the arena). */
        public long staticRamBytes() {
            return data + bss + stack;
        }

        static Sizes parse(String sizeOutput) {
            Map<String, long[]> sections = new HashMap<>(); // name -> {size, address}
            for (String line : sizeOutput.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && f[0].startsWith(".") && f[1].matches("\\d+") && f[2].matches("\\d+")) {
                    sections.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
            if (!sections.containsKey(".isr_vector") || !sections.containsKey(".text")) {
                throw new IllegalStateException("firmware size report lacks .isr_vector or .text");
            }
            long origin = sections.get(".isr_vector")[1];
            long end = FLASH_SECTIONS.stream().filter(sections::containsKey).mapToLong(n -> sections.get(n)[0] + sections.get(n)[1])
                    .max().orElseThrow();
            long code = ((end - origin) + 3) & ~3L; // .data's initial values start at the next word
            return new Sizes(code, size(sections, ".data"), size(sections, ".bss"), size(sections, ".arena"), size(sections, ".stack"));
        }

        private static long size(Map<String, long[]> sections, String name) {
            return sections.containsKey(name) ? sections.get(name)[0] : 0;
        }
    }
}
