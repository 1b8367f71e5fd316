package studio.mammoth.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.model.engine.DjlEngine;

/** Checks every part the product needs, one line each: OK, or exactly what to do. */
@Command(name = "doctor", description = "Check Java, the offline model engine, Fashion-MNIST, the ARM toolchain, QEMU and the display.")
final class DoctorCommand implements Callable<Integer> {

    /** One line of the report; a failed required check makes doctor exit 1. */
    record Check(String name, boolean ok, boolean required, String detail) {
        String line() {
            String status = ok ? "OK  " : required ? "FAIL" : "WARN";
            return String.format("%s %-22s %s", status, name, detail);
        }
    }

    @Override
    public Integer call() {
        List<Check> checks = new ArrayList<>();
        checks.add(javaVersion());
        checks.add(engine());
        checks.add(fashionMnist());
        checks.add(program("qemu-system-arm", "qemu-system-arm", "--version", "emulated board"));
        checks.add(program("arm-none-eabi-gcc", "arm-none-eabi-gcc", "--version", "firmware build"));
        checks.add(newlib());
        checks.add(display());
        checks.forEach(c -> System.out.println(c.line()));
        long failed = checks.stream().filter(c -> c.required() && !c.ok()).count();
        System.out.println(failed == 0 ? "doctor: all required parts present" : "doctor: " + failed + " required part(s) missing");
        return failed == 0 ? 0 : 1;
    }

    private static Check javaVersion() {
        int feature = Runtime.version().feature();
        return new Check("java", feature >= 17, true,
                feature >= 17 ? "Java " + Runtime.version() : "Java " + feature + " is too old: install openjdk-17-jdk");
    }

    private static Check engine() {
        try {
            DjlEngine.Info info = DjlEngine.probe();
            return new Check("model engine", true, true, String.format("DJL %s %s offline, %d threads, loaded in %d ms",
                    info.engine(), info.version(), info.threads(), info.loadMillis()));
        } catch (RuntimeException | LinkageError e) {
            return new Check("model engine", false, true, "DJL PyTorch engine did not load offline (" + e.getMessage()
                    + "): rebuild with ./mammoth studio so Maven fetches pytorch-native-cpu");
        }
    }

    private static Check fashionMnist() {
        Path dir = FashionMnist.defaultDirectory();
        List<Path> missing = FashionMnist.requiredFiles(dir).stream().filter(p -> !Files.isReadable(p)).toList();
        return missing.isEmpty()
                ? new Check("fashion-mnist", true, true, dir.toString())
                : new Check("fashion-mnist", false, true, "missing " + missing.get(0).getFileName()
                        + " in " + dir + ": sudo apt-get install dataset-fashion-mnist");
    }

    private static Check newlib() {
        Path header = Path.of("/usr/lib/arm-none-eabi/include/string.h");
        return new Check("newlib (arm)", Files.isReadable(header), true,
                Files.isReadable(header) ? header.getParent().toString() : "missing C library for the firmware: sudo apt-get install libnewlib-arm-none-eabi");
    }

    private static Check program(String name, String executable, String versionFlag, String purpose) {
        try {
            Process p = new ProcessBuilder(executable, versionFlag).redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("");
            boolean exited = p.waitFor(20, TimeUnit.SECONDS);
            if (exited && p.exitValue() == 0) {
                return new Check(name, true, true, first.strip());
            }
            p.destroyForcibly();
        } catch (java.io.IOException e) {
            // not on PATH: reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String pkg = name.equals("qemu-system-arm") ? "qemu-system-arm" : "gcc-arm-none-eabi";
        return new Check(name, false, true, "not found (needed for the " + purpose + "): sudo apt-get install " + pkg);
    }

    private static Check display() {
        String display = System.getenv("DISPLAY");
        if (display != null && !display.isBlank()) {
            return new Check("display", true, false, "DISPLAY=" + display);
        }
        return new Check("display", true, false, "none: headless mode (tests run through Monocle; the window needs xvfb-run or a desktop)");
    }
}
