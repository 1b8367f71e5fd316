package studio.mammoth.model.train;

import ai.djl.ndarray.NDManager;
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
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.tok.MammothTok;

/**
 * The training set seen through the frozen tokenizer: caption, codes (the AR's targets) and continuous latents
 * (the DiT's targets) per example, computed once and cached on disk beside the run (keyed by the tokenizer's
 * checksum, the training set's name and the example count).
 */
public record CodeCache(List<String> captions, int[][] codes, float[][] latents) {
    private static final Gson GSON = new Gson();

    public int size() {
        return captions.size();
    }

    /**
     * The cache of {@code count} examples of {@code data} seen through the tokenizer stored at {@code tokenizerFile}, in
     * {@code runDir}: read when an earlier run left it there, else encoded and written.
     */
    public static CodeCache build(TrainingExamples data, int count, Path tokenizerFile, MammothTok tok, NDManager base, Path runDir,
                                  PrintStream out) throws IOException {
        String key = TensorFile.sha256(tokenizerFile).substring(0, 12) + "-" + Integer.toHexString(data.name().hashCode()) + "-" + count;
        Path file = runDir.resolve("codes-" + key + ".mmt");
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
        int chunk = 2048;
        List<String> captions = new ArrayList<>();
        int[][] codes = new int[count][];
        float[][] latents = new float[count][];
        int tokens = tok.config().tokens();
        int per = tok.config().latentDim() * tokens;
        for (int start = 0; start < count; start += chunk) {
            out.printf("encoding training pictures: %d/%d%n", start, count);
            List<RgbImage> pictures = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + chunk); i++) {
                TrainingExamples.Example e = data.example(i);
                captions.add(e.caption());
                pictures.add(e.image());
            }
            TaskData.Encoded encoded = TaskData.encode(tok, pictures, base);
            System.arraycopy(encoded.codes(), 0, codes, start, pictures.size());
            System.arraycopy(encoded.latents(), 0, latents, start, pictures.size());
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
