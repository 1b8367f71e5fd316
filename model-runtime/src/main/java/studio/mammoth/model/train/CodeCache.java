package studio.mammoth.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.Pixels;

/**
 * The training set seen through the frozen tokenizer: caption, codes (the AR's targets) and continuous latents
 * (the DiT's targets) per example, computed once and cached on disk beside the run (keyed by the tokenizer's
 * checksum and the example count).
 */
public record CodeCache(List<String> captions, int[][] codes, float[][] latents) {
    private static final Gson GSON = new Gson();

    public int size() {
        return captions.size();
    }

    public static CodeCache build(TrainingExamples data, int count, MammothTok tok, NDManager base, Path file, PrintStream out) throws IOException {
        if (Files.isRegularFile(file)) {
            TensorFile.Contents c = TensorFile.read(file, "delete it; the next run rebuilds it");
            List<String> captions = GSON.fromJson(c.header(), new TypeToken<List<String>>() { }.getType());
            float[] codesFlat = c.tensors().get("codes");
            float[] latentsFlat = c.tensors().get("latents");
            int tokens = codesFlat.length / captions.size();
            int per = latentsFlat.length / captions.size();
            int[][] codes = new int[captions.size()][tokens];
            float[][] latents = new float[captions.size()][per];
            for (int i = 0; i < captions.size(); i++) {
                for (int j = 0; j < tokens; j++) {
                    codes[i][j] = (int) codesFlat[i * tokens + j];
                }
                System.arraycopy(latentsFlat, i * per, latents[i], 0, per);
            }
            out.printf("code cache: %d examples from %s%n", captions.size(), file);
            return new CodeCache(captions, codes, latents);
        }
        int side = tok.config().imageSize();
        int px = 3 * side * side;
        int chunk = 64;
        List<String> captions = new ArrayList<>();
        int[][] codes = new int[count][];
        float[][] latents = new float[count][];
        int tokens = tok.config().tokens();
        int per = tok.config().latentDim() * tokens;
        for (int start = 0; start < count; start += chunk) {
            int n = Math.min(chunk, count - start);
            float[] pixels = new float[n * px];
            for (int i = 0; i < n; i++) {
                TrainingExamples.Example e = data.example(start + i);
                captions.add(e.caption());
                Pixels.write(e.image(), pixels, i * px);
            }
            try (NDManager scope = base.newSubManager()) {
                MammothTok.Encoded e = tok.encode(scope.create(pixels, new Shape(n, 3, side, side)));
                int[] c = e.codes().toIntArray();
                float[] l = e.latents().toFloatArray();
                for (int i = 0; i < n; i++) {
                    codes[start + i] = java.util.Arrays.copyOfRange(c, i * tokens, (i + 1) * tokens);
                    latents[start + i] = java.util.Arrays.copyOfRange(l, i * per, (i + 1) * per);
                }
            }
            if (start % 2048 == 0) {
                out.printf("encoding training pictures: %d/%d%n", start, count);
            }
        }
        float[] codesFlat = new float[count * tokens];
        float[] latentsFlat = new float[count * per];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < tokens; j++) {
                codesFlat[i * tokens + j] = codes[i][j];
            }
            System.arraycopy(latents[i], 0, latentsFlat, i * per, per);
        }
        Map<String, float[]> tensors = new LinkedHashMap<>();
        tensors.put("codes", codesFlat);
        tensors.put("latents", latentsFlat);
        TensorFile.write(file, GSON.toJson(captions), tensors, TensorFile.Storage.FLOAT32);
        return new CodeCache(captions, codes, latents);
    }
}
