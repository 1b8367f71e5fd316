package studio.mammoth.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout under test, from -Dmammoth.home (set by src/test/pom.xml's surefire configuration). */
final class ProjectHome {
    private ProjectHome() {
    }

    static Path dir() {
        String home = System.getProperty("mammoth.home");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("-Dmammoth.home is not set: run the end-to-end tests through Maven (./mammoth test)");
        }
        Path dir = Path.of(home).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("mammoth"))) {
            throw new IllegalStateException(dir + " is not the Mammoth Studio checkout (no ./mammoth launcher)");
        }
        return dir;
    }

    /** Runs a process, returning its exit code and everything it printed; fails the test if it hangs. */
    static Result run(Path workDir, long timeoutSeconds, java.util.List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes()));
            } catch (java.io.IOException e) {
                out.append("[output unreadable: ").append(e.getMessage()).append(']');
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            reader.join(5000);
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + "\n" + out);
        }
        reader.join(5000);
        return new Result(p.exitValue(), out.toString());
    }

    record Result(int exitCode, String output) {
    }
}
