package studio.mammoth.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.mammoth.tinyformer.reference.KernelVectors;

/** {@code mammoth tinyformer kernel-vectors --out DIR}: the reference's test vectors for the firmware's C kernels. */
@Command(name = "kernel-vectors",
        description = "Write kernel test vectors (inputs, parameters, expected outputs from the Java reference) "
                + "for every operator and a few whole models; format in docs/tinyformer/KERNEL_VECTORS.md.")
public final class TinyformerKernelVectorsCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the .tfkv files into.")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<Path> files = KernelVectors.writeAll(out);
        System.out.println("wrote " + files.size() + " kernel vector files to " + out.toAbsolutePath());
        return 0;
    }
}
