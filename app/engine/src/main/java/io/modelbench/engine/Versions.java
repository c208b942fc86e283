package io.modelbench.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of ModelBench and what it runs on, as recorded in model cards and shown in the app. */
public final class Versions {

    private Versions() {
    }

    public static Map<String, String> all() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // the map below says "unknown"
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("modelbench", p.getProperty("modelbench", "unknown"));
        m.put("deeplearning4j", p.getProperty("dl4j", "unknown"));
        m.put("javacpp", p.getProperty("javacpp", "unknown"));
        m.put("native_platform", p.getProperty("platform", "unknown"));
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return m;
    }

    public static String modelBench() {
        return all().get("modelbench");
    }
}
