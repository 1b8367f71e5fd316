package studio.mammoth.model.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import studio.mammoth.model.judge.Detection;
import studio.mammoth.model.judge.JudgedImage;

/** JSON of what the judge saw, shared by the verdict files of every benchmark. */
final class Verdicts {
    private Verdicts() {
    }

    static JsonObject judged(JudgedImage image) {
        JsonObject o = new JsonObject();
        o.addProperty("background", image.background().word());
        JsonArray detections = new JsonArray();
        for (Detection d : image.detections()) {
            JsonObject j = new JsonObject();
            j.addProperty("class", d.className());
            j.addProperty("confidence", Math.round(d.confidence() * 10000) / 10000.0);
            j.addProperty("color", d.color().word());
            JsonArray box = new JsonArray();
            box.add(d.box().x0());
            box.add(d.box().y0());
            box.add(d.box().x1());
            box.add(d.box().y1());
            j.add("box", box);
            j.addProperty("area", d.area());
            detections.add(j);
        }
        o.add("detections", detections);
        return o;
    }

    static String score(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
