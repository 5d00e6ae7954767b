package dev.pigment.benchmarks.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolTest {
    @Test
    void resultLinesRoundTrip() {
        Protocol.Measurement m = new Protocol.Measurement(2512.3, 10123.4, 2.3026, 0.0123, 1234);
        assertEquals(m, Protocol.Measurement.find("log line\n" + m.line() + "\nmore"));
        assertNull(Protocol.Measurement.find("no result here"));
    }

    @Test
    void optionsParseTheirOwnFlagsAndPassOthersOn() {
        List<String> others = new ArrayList<>();
        Protocol.Options o = Protocol.Options.parse(List.of("--engine", "PIGMENT", "--batch", "32", "--steps", "5"),
                others);
        assertEquals(new Protocol.Options(32, 200, 7, 5), o);
        assertEquals(List.of("--engine", "PIGMENT"), others);
        assertEquals(o, Protocol.Options.parse(o.toArgs(), new ArrayList<>()));
        assertThrows(IllegalArgumentException.class, () -> Protocol.Options.parse(List.of("--batch", "x"), others));
        assertThrows(IllegalArgumentException.class, () -> new Protocol.Options(0, 1, 1, 1));
    }

    @Test
    void medianRateRunsWarmupAndEveryChunk() {
        int[] calls = {0};
        double rate = Protocol.medianRate(() -> calls[0]++, new Protocol.Options(10, 3, 5, 4));
        assertEquals(3 + 5 * 4, calls[0]);
        assertTrue(rate > 0);
        assertTrue(Protocol.peakRssMb() > 0);
    }
}
