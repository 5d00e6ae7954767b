package dev.pigment.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What the side-by-side benchmark hands to pigment's child JVM. */
class SideBySideTest {

    @Test
    void passesPigmentsPropertiesToPigmentsSideOnly() {
        Properties p = new Properties();
        p.setProperty("pigment.onednn.precision", "f32");
        p.setProperty("pigment.onednn.layout", "plain");
        p.setProperty("java.version", "17");
        p.setProperty("pigmentx", "no");
        assertEquals(List.of("-Dpigment.onednn.layout=plain", "-Dpigment.onednn.precision=f32"),
                SideBySide.pigmentProperties(p));
        assertEquals(List.of(), SideBySide.pigmentProperties(new Properties()));
    }
}
